"""``GET voila/aw-guide/<lang>/<page>.html``: the facilitator guide, rendered from its Markdown.

The facilitator page links the guide in its reader's language. Only the guide's languages
(``widgets.guide.LANGUAGES``) and the names of the pages that exist in that language are
served; anything else, a path that climbs (``..``) included, is a 404. Nothing from the
request is written into the page.
"""

from __future__ import annotations

import re

import tornado.web

from widgets import guide

ROUTE = r"voila/aw-guide/(.*)"  # under the server's base URL
_PAGE = re.compile(r"[A-Za-z0-9_-]{1,64}\.html")
# the pages are the kit's own Markdown: no scripts, styles inline, images inlined as data URIs
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
          "form-action 'none'; frame-ancestors 'self'")


class GuideHandler(tornado.web.RequestHandler):
    def get(self, path: str) -> None:
        parts = path.split("/")
        if path == "" or len(parts) == 1:  # voila/aw-guide/ or voila/aw-guide/es: the index
            lang, name = (parts[0] or guide.LANGUAGES[0]), "index.html"
        elif len(parts) == 2:
            lang, name = parts[0], parts[1] or "index.html"
        else:
            raise tornado.web.HTTPError(404)
        if lang not in guide.LANGUAGES or not _PAGE.fullmatch(name):
            raise tornado.web.HTTPError(404)
        page = guide.render_page(lang, name)
        if page is None:
            raise tornado.web.HTTPError(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", POLICY)
        self.set_header("Content-Language", lang)
        self.finish(page)
