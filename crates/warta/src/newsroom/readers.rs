//! "Sedang dibaca": what readers read now, for the newsroom. The counts are
//! the ones Terpopuler uses (bots and reloads are not counted), written by
//! every node every few seconds; this reads them from the store, so the
//! page is the same on every node. No script of anyone else's, no cookie,
//! no address kept: a view is an article, a minute and a class of
//! referrer.
//!
//! `GET /redaksi/dibaca` (editors and admins; `static/readers.js` swaps in
//! a fresh copy every 15 s), `GET /redaksi/dibaca.csv` (the same numbers),
//! `GET /redaksi/artikel/{id}/statistik` (one article since it went out,
//! for whoever may edit it). Charts are SVG drawn here.

use super::actions;
use super::auth::Staff;
use super::page::{StaffView, render, show_time};
use crate::app::App;
use crate::error::AppError;
use crate::messages::{Action, Message};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use warta_core::ArticleId;
use warta_store::BUCKET_SECONDS;

/// Minutes the live chart shows.
const MINUTES: i64 = 60;
/// Minutes per point of an article's trend line.
const TREND_STEP: i64 = 5;
/// Articles in the top list.
const TOP: i64 = 10;

/// One row of a breakdown: a name, its views, and its share for the meter.
#[derive(Serialize)]
struct Share {
    name: String,
    views: i64,
    of: i64,
}

fn shares(rows: Vec<(String, i64)>) -> Vec<Share> {
    let of = rows.iter().map(|(_, n)| *n).max().unwrap_or(0);
    rows.into_iter()
        .map(|(name, views)| Share { name, views, of })
        .collect()
}

/// A class of referrer as readers of the dashboard say it.
fn source_label(source: &str) -> &'static str {
    match source {
        "pencarian" => "Mesin pencari",
        "sosial" => "Media sosial",
        "pesan" => "WhatsApp, Telegram, LINE",
        "langsung" => "Langsung (tanpa rujukan)",
        "internal" => "Dari halaman situs ini",
        _ => "Lainnya",
    }
}

#[derive(Serialize)]
struct TopRow {
    title: String,
    url: String,
    stats: String,
    views: i64,
    trend: String,
}

#[derive(Serialize)]
struct DashboardView {
    staff: StaffView,
    updated: String,
    last_hour: i64,
    last_five: i64,
    minutes_chart: String,
    top: Vec<TopRow>,
    sections: Vec<Share>,
    authors: Vec<Share>,
    sources: Vec<Share>,
}

/// What the dashboard shows, read once for the page and the CSV.
struct Figures {
    /// Views per minute, oldest first, `MINUTES` of them (zeros filled).
    minutes: Vec<(i64, i64)>,
    top: Vec<(ArticleId, String, String, i64, Vec<i64>)>,
    sections: Vec<(String, i64)>,
    authors: Vec<(String, i64)>,
    sources: Vec<(String, i64)>,
}

async fn figures(app: &App) -> Result<Figures, AppError> {
    let now = app.now();
    let this_minute = now.timestamp().div_euclid(60) * 60;
    let since = this_minute - (MINUTES - 1) * 60;
    let per_minute: HashMap<i64, i64> = app
        .store
        .views_per_minute(since)
        .await?
        .into_iter()
        .collect();
    let minutes = (0..MINUTES)
        .map(|i| {
            let minute = since + i * 60;
            (minute, per_minute.get(&minute).copied().unwrap_or(0))
        })
        .collect();
    let read = app.store.most_read_since_minute(since, TOP).await?;
    let ids: Vec<ArticleId> = read.iter().map(|(id, _)| *id).collect();
    let summaries = app.store.summaries(&ids, now).await?;
    let series = app.store.minutes_of(&ids, since).await?;
    let tz = &app.config.time_zone;
    let top = read
        .iter()
        .filter_map(|(id, views)| {
            let summary = summaries.iter().find(|s| s.id == *id)?;
            let mut trend = vec![0; (MINUTES / TREND_STEP) as usize];
            for (_, minute, n) in series.iter().filter(|(a, _, _)| a == id) {
                let step = ((minute - since) / 60 / TREND_STEP) as usize;
                if let Some(slot) = trend.get_mut(step) {
                    *slot += n;
                }
            }
            Some((*id, summary.title.clone(), summary.path(tz), *views, trend))
        })
        .collect();
    let day = (now.timestamp() - 86_400).div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
    Ok(Figures {
        minutes,
        top,
        sections: app.store.views_by_section(day).await?,
        authors: app
            .store
            .views_by_author(day)
            .await?
            .into_iter()
            .take(15)
            .collect(),
        sources: app
            .store
            .views_by_source(day)
            .await?
            .into_iter()
            .map(|(source, n)| (source_label(&source).to_owned(), n))
            .collect(),
    })
}

fn may_see_everything(staff: &Staff) -> Result<(), AppError> {
    if staff.user.role.sees_all_articles() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::RoleForbids(
            Action::OpenOthers,
        )))
    }
}

/// `GET /redaksi/dibaca`
pub async fn dashboard(State(app): State<Arc<App>>, staff: Staff) -> Result<Response, AppError> {
    may_see_everything(&staff)?;
    let figures = figures(&app).await?;
    let tz = &app.config.time_zone;
    let view = DashboardView {
        staff: StaffView::of(&staff),
        updated: tz.local(app.now()).format("%H.%M.%S").to_string(),
        last_hour: figures.minutes.iter().map(|(_, n)| n).sum(),
        last_five: figures.minutes.iter().rev().take(5).map(|(_, n)| n).sum(),
        minutes_chart: bar_chart(
            &figures
                .minutes
                .iter()
                .map(|(minute, n)| {
                    let at = chrono::DateTime::from_timestamp(*minute, 0).unwrap_or_default();
                    (tz.local(at).format("%H.%M").to_string(), *n)
                })
                .collect::<Vec<_>>(),
            "Tayangan per menit, 60 menit terakhir",
        ),
        top: figures
            .top
            .iter()
            .map(|(id, title, url, views, trend)| TopRow {
                title: title.clone(),
                url: url.clone(),
                stats: format!("/redaksi/artikel/{id}/statistik"),
                views: *views,
                trend: sparkline(trend, &format!("Tren 60 menit: {title}")),
            })
            .collect(),
        sections: shares(figures.sections),
        authors: shares(figures.authors),
        sources: shares(figures.sources),
    };
    render(&app, "newsroom/readers.html", StatusCode::OK, &view)
}

/// `GET /redaksi/dibaca.csv`: the dashboard's numbers.
pub async fn dashboard_csv(
    State(app): State<Arc<App>>,
    staff: Staff,
) -> Result<Response, AppError> {
    may_see_everything(&staff)?;
    let figures = figures(&app).await?;
    let mut csv = String::from("jenis,nama,tayangan\n");
    let tz = &app.config.time_zone;
    for (minute, n) in &figures.minutes {
        let at = chrono::DateTime::from_timestamp(*minute, 0).unwrap_or_default();
        let _ = writeln!(csv, "menit,{},{n}", tz.local(at).format("%Y-%m-%dT%H:%M"));
    }
    for (_, title, url, n, _) in &figures.top {
        let _ = writeln!(csv, "artikel,{},{n}", field(&format!("{title} ({url})")));
    }
    for (kind, rows) in [
        ("kanal", &figures.sections),
        ("penulis", &figures.authors),
        ("sumber", &figures.sources),
    ] {
        for (name, n) in rows {
            let _ = writeln!(csv, "{kind},{},{n}", field(name));
        }
    }
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"sedang-dibaca.csv\""),
    );
    Ok(response)
}

/// A CSV field: quoted when it must be, and never read as a formula by a
/// spreadsheet (a leading `=`, `+`, `-`, `@` gets a quote mark).
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[derive(Serialize)]
struct ArticleStatsView {
    staff: StaffView,
    id: i64,
    title: String,
    total: i64,
    published: Option<String>,
    hours_chart: String,
    sources: Vec<Share>,
}

/// `GET /redaksi/artikel/{id}/statistik`: one article's views per hour
/// since it went out (the last 7 days of them), and where its readers came
/// from.
pub async fn article_stats(
    State(app): State<Arc<App>>,
    staff: Staff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let article = actions::article_for(&app, &staff.user, ArticleId(id)).await?;
    let own = article.owner == Some(staff.user.id);
    if !staff.user.role.sees_all_articles() && !staff.user.role.can_edit(own, article.status) {
        return Err(AppError::Forbidden(Message::RoleForbids(
            Action::OpenOthers,
        )));
    }
    let hours = app.store.hourly_views(article.id).await?;
    let total = hours.iter().map(|(_, n)| n).sum();
    let tz = &app.config.time_zone;
    let now_hour = app.now().timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS;
    let first = article
        .published_at
        .map(|t| t.timestamp().div_euclid(BUCKET_SECONDS) * BUCKET_SECONDS)
        .or_else(|| hours.first().map(|(h, _)| *h))
        .unwrap_or(now_hour)
        .max(now_hour - 7 * 24 * BUCKET_SECONDS);
    let per_hour: HashMap<i64, i64> = hours.into_iter().collect();
    let bars: Vec<(String, i64)> = (0..=((now_hour - first) / BUCKET_SECONDS).max(0))
        .map(|i| {
            let hour = first + i * BUCKET_SECONDS;
            let at = chrono::DateTime::from_timestamp(hour, 0).unwrap_or_default();
            (
                tz.local(at).format("%d/%m %H.00").to_string(),
                per_hour.get(&hour).copied().unwrap_or(0),
            )
        })
        .collect();
    let view = ArticleStatsView {
        staff: StaffView::of(&staff),
        id,
        title: article.title.clone(),
        total,
        published: article.published_at.map(|t| show_time(&app, t)),
        hours_chart: bar_chart(&bars, "Tayangan per jam sejak terbit"),
        sources: shares(
            app.store
                .article_sources(article.id)
                .await?
                .into_iter()
                .map(|(s, n)| (source_label(&s).to_owned(), n))
                .collect(),
        ),
    };
    render(&app, "newsroom/article-stats.html", StatusCode::OK, &view)
}

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A bar chart of labelled counts as SVG: bars scale to the largest, each
/// with its label and count as a tooltip, the largest and the first and
/// last labels written out.
fn bar_chart(bars: &[(String, i64)], title: &str) -> String {
    const WIDTH: f64 = 960.0;
    const HEIGHT: f64 = 150.0;
    const AXIS: f64 = 18.0;
    let most = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let step = WIDTH / bars.len().max(1) as f64;
    let total: i64 = bars.iter().map(|(_, n)| n).sum();
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" aria-label=\"{}: {total} tayangan, paling banyak {most}\">",
        HEIGHT + AXIS,
        escape(title)
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let h = (*n as f64 / most as f64) * (HEIGHT - 4.0);
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {n}</title></rect>",
            i as f64 * step + step * 0.1,
            HEIGHT - h,
            step * 0.8,
            h.max(if *n > 0 { 1.0 } else { 0.0 }),
            escape(label)
        );
    }
    if let (Some((first, _)), Some((last, _))) = (bars.first(), bars.last()) {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.0}\" class=\"axis\">{}</text><text x=\"{WIDTH}\" y=\"{:.0}\" class=\"axis end\">{}</text><text x=\"0\" y=\"12\" class=\"axis\">{most}</text>",
            HEIGHT + AXIS - 4.0,
            escape(first),
            HEIGHT + AXIS - 4.0,
            escape(last)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A small trend line as SVG.
fn sparkline(points: &[i64], title: &str) -> String {
    const WIDTH: f64 = 120.0;
    const HEIGHT: f64 = 28.0;
    let most = points.iter().copied().max().unwrap_or(0).max(1);
    let step = WIDTH / (points.len().max(2) - 1) as f64;
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                HEIGHT - 2.0 - (*n as f64 / most as f64) * (HEIGHT - 4.0)
            )
        })
        .collect();
    format!(
        "<svg class=\"spark\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\"><polyline points=\"{}\"/></svg>",
        escape(title),
        line.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(field("Banjir, lagi"), "\"Banjir, lagi\"");
        assert_eq!(field("Kata \"kutip\""), "\"Kata \"\"kutip\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("biasa"), "biasa");
    }

    #[test]
    fn charts_scale_to_the_largest_and_escape_labels() {
        let svg = bar_chart(
            &[("a<b".into(), 2), ("c".into(), 4), ("d".into(), 0)],
            "Judul & uji",
        );
        assert!(svg.contains("aria-label=\"Judul &amp; uji: 6 tayangan, paling banyak 4\""));
        assert!(svg.contains("<title>a&lt;b: 2</title>"));
        assert!(
            svg.contains("height=\"146.0\""),
            "the largest is full height: {svg}"
        );
        assert!(svg.contains("height=\"0.0\""), "nothing is no bar");
        let spark = sparkline(&[0, 5, 10], "t");
        assert!(
            spark.contains("points=\"0.0,26.0 60.0,14.0 120.0,2.0\""),
            "{spark}"
        );
    }
}
