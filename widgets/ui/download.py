"""File downloads that work in Voila (which serves no files) and in JupyterLab alike.

The bytes travel over the widget's comm; the browser wraps them in a Blob and clicks a
temporary link, so no server route is involved.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  model.on("change:nonce", () => {
    const payload = model.get("payload");
    if (!payload) return;
    const bytes = payload instanceof DataView ? new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength)
                                              : new Uint8Array(payload);
    const blob = new Blob([bytes], { type: model.get("mime") });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = model.get("filename");
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 2000);
  });
}
export default { render };
"""


class Downloader(anywidget.AnyWidget):
    _esm = _ESM
    filename = traitlets.Unicode("").tag(sync=True)
    mime = traitlets.Unicode("application/octet-stream").tag(sync=True)
    payload = traitlets.Bytes(b"").tag(sync=True)
    nonce = traitlets.Int(0).tag(sync=True)

    def send(self, filename: str, mime: str, data: bytes) -> None:
        """Hand ``data`` to the browser as a download named ``filename``."""
        with self.hold_sync():
            self.filename = filename
            self.mime = mime
            self.payload = data
            self.nonce += 1
