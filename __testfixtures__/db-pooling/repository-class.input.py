import os

import psycopg2
import redis
from flask import Flask, jsonify

DSN = os.environ.get("DATABASE_URL", "dbname=app")

app = Flask(__name__)


class UserRepository:
    def __init__(self):
        self.cache = redis.Redis(host="cache")

    def get(self, user_id):
        conn = psycopg2.connect(DSN)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT name FROM users WHERE id = %s", (user_id,))
                return cur.fetchone()
        finally:
            conn.close()


class GeoData:
    def __init__(self):
        self._connection = None

    @property
    def connection(self):
        if self._connection is None:
            self._connection = psycopg2.connect(DSN)
        return self._connection

    def lookup(self, lon, lat):
        with self.connection.cursor() as cur:
            cur.execute("SELECT name FROM lands WHERE ST_Contains(geom, ST_Point(%s, %s))", (lon, lat))
            return cur.fetchall()


geo = GeoData()


@app.route("/users/<int:user_id>")
def user(user_id):
    repo = UserRepository()
    repo.cache.incr("user-reads")
    return jsonify(repo.get(user_id))


@app.route("/lands")
def lands():
    return jsonify(geo.lookup(-149.9, 61.2))
