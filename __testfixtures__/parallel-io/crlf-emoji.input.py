"""Guardian Aeyon — 🌌 détection des menaces."""
from fastapi import FastAPI

app = FastAPI()
print("🚀 prêt")


@app.get("/v1/feeds")
async def feeds():
    statuses = []
    for feed in THREAT_FEEDS:
        r = await app.state.http.get(feed)
        statuses.append(r.status_code)
    return statuses
