import requests
from fastapi import FastAPI

app = FastAPI()

# One pooled session for the whole process: connections are kept alive across requests
http_session = requests.Session()


@app.get("/weather")
def weather(city: str):
    r = http_session.get("http://weather/" + city, timeout=5)
    return r.json()
