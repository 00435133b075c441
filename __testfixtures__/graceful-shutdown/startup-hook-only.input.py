import requests
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
def open_session():
    app.state.session = requests.Session()


@app.get("/health")
def health():
    return {"status": "healthy"}
