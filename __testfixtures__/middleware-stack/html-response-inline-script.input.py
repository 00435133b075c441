from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()

PAGE = """<!doctype html>
<html>
  <body>
    <div id="out"></div>
    <script>
      fetch("/api/status").then((r) => r.json()).then((s) => { document.getElementById("out").textContent = s.state; });
    </script>
  </body>
</html>
"""


@app.get("/", response_class=HTMLResponse)
async def index():
    return PAGE


@app.get("/api/status")
async def status():
    return {"state": "ok"}
