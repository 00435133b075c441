# Loads libpq the way psycopg2 built from source does: the runtime stage must have libpq5.
import ctypes

from fastapi import FastAPI

libpq = ctypes.CDLL("libpq.so.5")
app = FastAPI()


@app.get("/health")
def health():
    return {"status": "healthy", "libpq": libpq.PQlibVersion()}
