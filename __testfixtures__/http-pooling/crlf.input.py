import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather")
def weather(city: str):
    r = requests.get("http://weather/" + city, timeout=5)
    return r.json()
