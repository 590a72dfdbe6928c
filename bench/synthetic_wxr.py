#!/usr/bin/env python3
"""Writes N synthetic posts as a WordPress export (WXR 1.2), the articles of
`synthetic.py` dressed as WordPress writes them: block-editor paragraphs,
the post meta plugins leave (SEO, edit locks), one to three comments, a
featured image, and the image's attachment item, all attachments listed
after the posts (so a first pass must find them). The size per post is
about that of a real news site's export, so N = 500,000 is a few GB.

usage: synthetic_wxr.py CORPUS_DIR N OUT.xml
"""
import os
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic import synthetic_articles  # noqa: E402


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def slug(text):
    kept = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:80]


# What WordPress keeps of an image's sizes, serialized by PHP.
METADATA = cdata('a:2:{s:5:"width";i:1200;s:6:"height";i:800;}')

corpus, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(out, "w", encoding="utf-8") as file:
    file.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        "<title>Arsip Sintetis</title><link>https://arsip.example</link>\n"
        "<wp:wxr_version>1.2</wp:wxr_version>\n"
        "<wp:author><wp:author_id>2</wp:author_id><wp:author_login>redaksi</wp:author_login>"
        "<wp:author_display_name>Tim Redaksi</wp:author_display_name></wp:author>\n"
    )
    for n, article in enumerate(synthetic_articles(corpus, count), start=1):
        date = article["published_at"][:19].replace("T", " ")
        category = article["category"] or "berita"
        paragraphs = article["body"].split("\n\n")
        body = "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{escape(p)}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
        )
        name = slug(article["title"]) or f"berita-{n}"
        tags = "".join(
            f'<category domain="post_tag" nicename="{slug(tag)}">{cdata(tag)}</category>'
            for tag in article["tags"] or []
            if slug(tag)
        )
        comments = "".join(
            f"<wp:comment><wp:comment_id>{n * 10 + c}</wp:comment_id>"
            f"<wp:comment_author>{cdata('Pembaca ' + str(c))}</wp:comment_author>"
            f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(paragraphs[c % len(paragraphs)][:300])}</wp:comment_content>"
            f"<wp:comment_approved>1</wp:comment_approved></wp:comment>\n"
            for c in range(1 + n % 3)
        )
        file.write(
            f"<item>\n<title>{escape(article['title'])}</title>\n"
            f"<link>https://arsip.example/{date[:4]}/{date[5:7]}/{name}/</link>\n"
            f"<dc:creator>{cdata('redaksi')}</dc:creator>\n"
            f"<content:encoded>{cdata(body)}</content:encoded>\n"
            f"<excerpt:encoded>{cdata(paragraphs[0][:200])}</excerpt:encoded>\n"
            f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
            f"<wp:post_modified_gmt>{date}</wp:post_modified_gmt>\n"
            f"<wp:post_name>{cdata(name)}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type>\n"
            f'<category domain="category" nicename="{slug(category)}">{cdata(category.title())}</category>{tags}\n'
            f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{count + n}</wp:meta_value></wp:postmeta>\n"
            f"<wp:postmeta><wp:meta_key>_edit_lock</wp:meta_key><wp:meta_value>1569380400:2</wp:meta_value></wp:postmeta>\n"
            f"<wp:postmeta><wp:meta_key>_yoast_wpseo_metadesc</wp:meta_key><wp:meta_value>{cdata(paragraphs[0][:155])}</wp:meta_value></wp:postmeta>\n"
            f"<wp:postmeta><wp:meta_key>_yoast_wpseo_focuskw</wp:meta_key><wp:meta_value>{cdata((article['tags'] or [''])[0])}</wp:meta_value></wp:postmeta>\n"
            f"{comments}</item>\n"
        )
    for n in range(1, count + 1):
        file.write(
            f"<item><title>foto-{n}</title><wp:post_id>{count + n}</wp:post_id>"
            f"<wp:post_parent>{n}</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
            f"<excerpt:encoded>{cdata('Foto ilustrasi berita nomor ' + str(n))}</excerpt:encoded>"
            f"<wp:attachment_url>https://arsip.example/wp-content/uploads/{2015 + n % 12}/{1 + n % 12:02}/foto-{n}.jpg</wp:attachment_url>"
            f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{2015 + n % 12}/{1 + n % 12:02}/foto-{n}.jpg</wp:meta_value></wp:postmeta>"
            f"<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>{METADATA}</wp:meta_value></wp:postmeta>"
            f"</item>\n"
        )
    file.write("</channel>\n</rss>\n")
