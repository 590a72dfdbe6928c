//! `[media]`: where the files of uploads are kept, a folder or an
//! S3-compatible bucket, as configured. `media::files` opens it.

use std::fmt;
use std::path::PathBuf;

use super::Secret;

/// Where uploads are kept, as configured.
#[derive(Clone, PartialEq, Eq)]
pub enum MediaPlace {
    /// A folder on this machine (or a network filesystem).
    Folder(PathBuf),
    /// A bucket on S3 or an S3-compatible server (MinIO, Ceph, R2…).
    Bucket(BucketSettings),
}

/// How to reach a bucket. Credentials not given here come from the usual
/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`.
#[derive(Clone, PartialEq, Eq)]
pub struct BucketSettings {
    /// The bucket's name.
    pub bucket: String,
    /// Keys start with this folder inside the bucket ("" for none).
    pub prefix: String,
    /// The server, when not Amazon's (`http://127.0.0.1:9000`).
    pub endpoint: Option<String>,
    /// The region; `us-east-1` when unset (most other servers ignore it).
    pub region: Option<String>,
    /// Access key id.
    pub access_key_id: Option<String>,
    /// Its secret.
    pub secret_access_key: Option<Secret>,
}

impl MediaPlace {
    /// Reads `[media] store`: `s3://bucket/prefix` or a folder.
    pub fn parse(store: &str) -> anyhow::Result<MediaPlace> {
        if let Some(rest) = store.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            anyhow::ensure!(
                !bucket.is_empty(),
                "[media] store {store:?} names no bucket: write s3://bucket or s3://bucket/folder"
            );
            return Ok(MediaPlace::Bucket(BucketSettings {
                bucket: bucket.to_owned(),
                prefix: prefix.trim_matches('/').to_owned(),
                endpoint: None,
                region: None,
                access_key_id: None,
                secret_access_key: None,
            }));
        }
        anyhow::ensure!(
            !store.contains("://"),
            "[media] store {store:?}: only a folder or an s3:// bucket can hold media"
        );
        Ok(MediaPlace::Folder(PathBuf::from(store)))
    }
}

// The secret never reaches a log line.
impl fmt::Debug for MediaPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for MediaPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaPlace::Folder(path) => write!(f, "{}", path.display()),
            MediaPlace::Bucket(bucket) => {
                write!(f, "s3://{}/{}", bucket.bucket, bucket.prefix)?;
                if let Some(endpoint) = &bucket.endpoint {
                    write!(f, " at {endpoint}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_setting_names_a_folder_or_a_bucket() {
        assert_eq!(
            MediaPlace::parse("/srv/media").unwrap(),
            MediaPlace::Folder(PathBuf::from("/srv/media"))
        );
        let MediaPlace::Bucket(bucket) = MediaPlace::parse("s3://warta/uploads/").unwrap() else {
            panic!("a bucket")
        };
        assert_eq!(
            (bucket.bucket.as_str(), bucket.prefix.as_str()),
            ("warta", "uploads")
        );
        let MediaPlace::Bucket(bucket) = MediaPlace::parse("s3://warta").unwrap() else {
            panic!("a bucket")
        };
        assert_eq!(bucket.prefix, "");
        assert!(MediaPlace::parse("s3://").is_err());
        assert!(MediaPlace::parse("gs://warta").is_err());
    }

    #[test]
    fn secrets_stay_out_of_messages() {
        let MediaPlace::Bucket(mut bucket) = MediaPlace::parse("s3://warta/a").unwrap() else {
            panic!("a bucket")
        };
        bucket.secret_access_key = Some(serde_json::from_str("\"very-secret\"").unwrap());
        let place = MediaPlace::Bucket(bucket);
        assert!(!format!("{place:?} {place}").contains("very-secret"));
    }
}
