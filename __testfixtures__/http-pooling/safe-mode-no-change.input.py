import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/x")
def x():
    return requests.get("http://upstream/x", timeout=2).json()
