"""JupyterHub with the Alliance Workshop Kit as every user's default page.

Run with the hub's own Python, in the environment where the kit is installed
(`pip install -e '.[hub,postgres]'`), after creating the event once:

    alliance-workshop create-event --event SPRING-26 --db "$ALLIANCE_DB_URL"   # prints the key
    ALLIANCE_EVENT=SPRING-26 jupyterhub -f deploy/jupyterhub_config.py

Settings read from the environment of the hub:
  ALLIANCE_DB_URL   the shared store every user's server writes to (PostgreSQL for a hub;
                    an SQLite file on a local disk works for one machine, never on NFS)
  ALLIANCE_EVENT    the event every user lands in
  ALLIANCE_LANG     the default page language (en or es; default en)
  ALLIANCE_FACILITATOR_GROUP  the hub group whose members facilitate (default "facilitators");
                    hub admins facilitate too. They open the dashboard without the key.

Add your authenticator and spawner (TLJH and Zero to JupyterHub set their own); the
settings below only decide what each user's server serves. `tests/browser/test_jupyterhub_browser.py`
runs this file with a real hub, a local spawner and configurable-http-proxy.
"""

import os
from urllib.parse import quote

from widgets.config import project_root
from widgets.serving.app import HUB_CONFIG_DIR, SHARE_DIR

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

EVENT = os.environ["ALLIANCE_EVENT"]
FACILITATORS = os.environ.get("ALLIANCE_FACILITATOR_GROUP", "facilitators")


def facilitates(spawner) -> str:
    """"1" for a hub admin or a member of the facilitators' group: their server's facilitator
    page opens the dashboard without the key (the hub has authenticated them)."""
    user = spawner.user
    return "1" if user.admin or FACILITATORS in {g.name for g in user.groups} else ""


NOTEBOOKS = project_root() / "notebooks"

# every user's server opens the workshop page of the event; notebooks are read from the kit
c.Spawner.notebook_dir = str(NOTEBOOKS)
c.Spawner.default_url = f"/voila/render/workshop.ipynb?event={quote(EVENT)}"
c.Spawner.environment = {
    "ALLIANCE_DB_URL": os.environ["ALLIANCE_DB_URL"],
    "ALLIANCE_EVENT": EVENT,
    "ALLIANCE_LANG": os.environ.get("ALLIANCE_LANG", "en"),
    # the hub user is the identity, and the name a participant shows is their hub name
    "ALLIANCE_NAME_FROM_HUB": "1",
    # hub admins and the facilitators' group open the dashboard without the key (a callable
    # value is called with each user's spawner when their server starts)
    "ALLIANCE_HUB_FACILITATOR": facilitates,
    # each user's kernels log their errors under their own home, not into the kit's folder
    "ALLIANCE_DATA_DIR": "~/.alliance-workshop",
    # Voila inside each user's server reads only voila.json files: the kit's locks it down as
    # `alliance-workshop serve` does and picks the kit's page template (nothing from a CDN)
    "JUPYTER_CONFIG_PATH": str(HUB_CONFIG_DIR),
    "JUPYTER_PATH": str(SHARE_DIR),
}
