"""In a real browser: JupyterLab runs notebook 03 and shows its figures; every HTML report works offline.

Headless Chromium from Debian's ``chromium`` package, driven by playwright
(``pip install playwright``; never ``playwright install``).  Without them
the tests skip with a message; with ``TEXTKIT_REQUIRE_BROWSER=1`` (set by
``.ci/run``) a missing browser is a failure instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, SEED_DIR

CHROMIUM = os.environ.get("TEXTKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright; it is in textkit's test extra)"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TEXTKIT_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile."""
    missing = _missing()
    if missing:
        if os.environ.get("TEXTKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser tests are required here (TEXTKIT_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(f"browser tests skipped: {missing}; .ci/run installs both and makes them required")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=BROWSER_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 1000},
        )
        yield context
        context.close()


def _offline(page, allowed: tuple[str, ...]) -> list[str]:
    """Abort every request whose URL does not start with one of ``allowed``; return the list they go to."""
    refused: list[str] = []

    def route(r):
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return refused


def _fonts_of(page, selector: str) -> list[tuple[str, int, int]]:
    """For each element matching ``selector`` that holds Han characters: (text, Han characters, glyphs drawn from web fonts)."""
    page.evaluate(
        """selector => document.querySelectorAll(selector).forEach(e => {
            const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.nodeValue).join('');
            if (/[\\u4e00-\\u9fff]/.test(own) && e.getClientRects().length) e.setAttribute('data-han', '');  // drawn, not hidden
        })""",
        selector,
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    marked = ", ".join(f"{s.strip()}[data-han]" for s in selector.split(","))
    found = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": marked})["nodeIds"][:30]:
        described = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
        own_text = "".join(c.get("nodeValue", "") for c in described.get("children", []) if c.get("nodeType") == 3)
        han = len(HAN.findall(own_text))
        if han:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            found.append((own_text[:40], han, sum(f["glyphCount"] for f in fonts if f["isCustomFont"])))
    cdp.detach()
    return found


def test_reports_open_offline_with_their_figures_tables_and_font(browser, seed_runs):
    _, _, out, _ = seed_runs[0]
    reports = sorted((out / "reports").glob("*.html"))
    assert len(reports) == 6  # five notebooks and the pyLDAvis page
    checked = dict.fromkeys(["h1, h2, p, li, code", ".jp-InputArea span", ".jp-OutputArea-output pre", "td, th"], 0)
    for report in reports:
        page = browser.new_page()
        refused = _offline(page, ("file:", "data:", "blob:"))
        failed, errors = [], []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        assert refused == [] and failed == [] and errors == [], f"{report.name}: refused {refused[:3]}, failed {failed[:3]}, errors {errors[:3]}"
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('textkit-cjk') && f.status === 'loaded')"), report.name
        if report.stem == "03_topics_ldavis":
            assert page.locator("#textkit_ldavis svg").count() > 0
            page.close()
            continue
        executed = json.loads((out / "notebooks" / f"{report.stem}.ipynb").read_text(encoding="utf-8"))
        shown = sum("image/png" in o.get("data", {}) for c in executed["cells"] for o in c.get("outputs", []))
        drawn = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth > 100).length")
        assert drawn == shown, f"{report.name}: {drawn} images drawn, {shown} in the notebook"
        assert shown > 0 or report.stem == "05_time", report.name  # the seed has one date: its time sections draw nothing
        tables = len(set(re.findall(r"textkit_table_[0-9a-f]+", json.dumps(executed))))
        if report.stem[:2] in ("01", "02", "04"):
            assert tables > 0, f"{report.name}: no interactive table"
        page.wait_for_function(f"document.querySelectorAll('table.dataTable').length === {tables}", timeout=20_000)
        if tables:
            _sorts_and_searches(page, report.name)
        # Every Chinese character in markdown, code, printed output and tables is drawn from the embedded font.
        for selector in checked:
            for text, han, from_web_font in _fonts_of(page, selector):
                assert from_web_font >= han, f"{report.name}: {selector} {text!r}: {han} Han characters, {from_web_font} glyphs from the embedded font"
                checked[selector] += 1
        page.close()
    assert all(checked.values()), checked  # markdown, code, printed output and tables were all looked at


_COLUMN = """([container, j]) => Array.from(
    document.querySelectorAll('.dt-container')[container].querySelectorAll('tbody tr'), tr => tr.children[j].textContent)"""


def _sorts_and_searches(page, name: str) -> None:
    """The first interactive table of ``page`` sorts by a numeric column (its sort control) and filters by a word."""
    from playwright.sync_api import expect

    container = page.locator(".dt-container").first
    headers = container.locator("thead th")
    j = next(i for i in range(headers.count()) if "dt-type-numeric" in (headers.nth(i).get_attribute("class") or ""))
    before = page.evaluate(_COLUMN, [0, 0]), page.evaluate(_COLUMN, [0, j])
    for direction in ("ascending", "descending"):  # a column already in ascending order reorders on the second click
        headers.nth(j).locator(".dt-column-order").click()
        expect(headers.nth(j)).to_have_attribute("aria-sort", direction)
        after = page.evaluate(_COLUMN, [0, 0]), page.evaluate(_COLUMN, [0, j])
        if after != before:
            break
    assert after != before, f"{name}: sorting by column {j} left the rows in place"
    values = [float(v) for v in after[1]]
    assert values == sorted(values, reverse=direction == "descending"), (name, direction, values)
    word = page.evaluate("""() => [...document.querySelector('.dt-container tbody').querySelectorAll('td')]
        .map(td => td.textContent).find(t => /[\\u4e00-\\u9fff]{2}/.test(t)).match(/[\\u4e00-\\u9fff]{2}/)[0]""")
    total = int(re.search(r"of ([\d,]+) entries", container.locator(".dt-info").inner_text()).group(1).replace(",", ""))
    container.locator(".dt-search input").fill(word)
    expect(container.locator(".dt-info")).to_contain_text(f"filtered from {total:,} total entries")
    info = container.locator(".dt-info").inner_text()
    shown = int(re.search(r"of ([\d,]+) entr(?:y|ies) \(", info).group(1).replace(",", ""))
    rows = container.locator("tbody tr")
    assert 0 < shown < total and all(word in rows.nth(i).inner_text() for i in range(rows.count())), (name, word, info)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _small_parameters(source: str) -> str:
    """The parameters cell of 03 with a small sweep (what papermill's -p does in `textkit run`)."""
    return re.sub(r"^k_max(: .*)? = [^#\n]+", "k_max = 3 ", re.sub(r"^n_seeds = \d+$", "n_seeds = 2", source, flags=re.M), flags=re.M)


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """JupyterLab on a project laid out like the repository (``seeds/``, ``notebooks/``): (base URL, token, project folder)."""
    project = tmp_path_factory.mktemp("lab-project")
    (project / "seeds").symlink_to(SEED_DIR, target_is_directory=True)
    (project / "notebooks").mkdir()
    settings = project / "lab-settings"
    for plugin, values in {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},  # every cell in the page
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(project / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(project / "jupyter-runtime"),
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),  # the project's kernel, whatever the user installed
    }
    log = (project / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.port_retries=0",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={project / 'notebooks'}",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={project / 'lab-workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=project / "notebooks",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (project / "lab.log").read_text()
                time.sleep(0.5)
        yield base, token, project
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


_READY = """path => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.context && panel.context.path === path && panel.sessionContext?.session?.kernel;
    return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0;
}"""
_DONE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    return panel.sessionContext?.session?.kernel?.status === 'idle'
        && cells.every(c => c.model.executionCount !== null && !c.model.getMetadata('execution_pending'))
        && cells.every(c => c.promptNode.textContent.indexOf('*') < 0);
}"""


def _open_and_run_all(browser, lab, notebook: str):
    """A new browser tab on ``notebook`` in the lab, every cell run: (page, requests refused, seconds, error outputs)."""
    base, token, _ = lab
    page = browser.new_page()
    refused = _offline(page, (base, "data:", "blob:"))
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")  # reset: only this notebook open
    page.wait_for_function(_READY, arg=notebook, timeout=90_000)
    started = time.monotonic()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_DONE, timeout=300_000, polling=500)
    seconds = time.monotonic() - started
    outputs = page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets
        .filter(c => c.model.type === 'code').map(c => c.model.outputs.toJSON())""")
    errors = [f"{o['ename']}: {o['evalue']}" for cell in outputs for o in cell if o["output_type"] == "error"]
    return page, refused, seconds, errors


def test_jupyterlab_runs_notebook_03_and_shows_its_figures(browser, lab):
    import nbformat

    _, _, project = lab
    nb = nbformat.read(ROOT / "notebooks" / "03_topics.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = _small_parameters(params.source)
    assert "k_max = 3" in params.source
    nbformat.write(nb, project / "notebooks" / "03_topics.ipynb")
    figures_saved = sum("save_figure(" in c.source for c in nb.cells if c.cell_type == "code")

    page, refused, seconds, errors = _open_and_run_all(browser, lab, "03_topics.ipynb")
    assert errors == [], errors
    images = page.evaluate("[...document.querySelectorAll('.jp-OutputArea-output img')].filter(i => i.complete && i.naturalWidth > 100).length")
    assert images == figures_saved == 6, f"{images} figures on screen, {figures_saved} saved"
    page.screenshot(path=str(project / "jupyterlab-03.png"))
    print(f"JupyterLab ran 03_topics (k 2..3, 2 seeds) in {seconds:.1f} s")
    # The lab writes where `make run` does: ../figures and ../output/tables from the notebooks folder.
    assert len(list((project / "figures").glob("03_topics_*.png"))) == figures_saved
    assert (project / "output" / "tables" / "03_topics_sweep.csv").is_file()
    assert (project / "output" / "reports" / "03_topics_ldavis.html").is_file()
    assert refused == [], refused  # nothing leaves the machine
    page.close()


def test_interactive_tables_work_again_after_the_tab_is_reloaded(browser, lab):
    import nbformat

    _, _, project = lab
    cells = [
        "import pandas as pd\nfrom textkit.output.display import explore\nfrom textkit.corpus.load import load_corpus\ndocs = load_corpus('../seeds')",
        "explore(docs[['doc_id', 'group', 'text']])",
        "explore(docs[['title', 'position']])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, project / "notebooks" / "tables.ipynb")
    for attempt in ("first tab", "a new tab, the same kernel"):
        page, refused, _, errors = _open_and_run_all(browser, lab, "tables.ipynb")
        assert errors == [] and refused == [], (attempt, errors, refused)
        # The kernel sent the table library already in the first tab: the new page must still get it.
        page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output table.dataTable').length === 2", timeout=20_000)
        assert page.locator(".jp-OutputArea-output .dt-container").first.locator("tbody tr").count() == 10, attempt
        page.close()  # leaves the kernel running, as closing or reloading a tab does
