import psycopg2
from flask import Flask
from flask.views import MethodView
from flask_restful import Api, Resource

DSN = "dbname=shop host=db"

app = Flask(__name__)
api = Api(app)


class Products(Resource):
    def get(self):
        conn = psycopg2.connect(DSN)
        cur = conn.cursor()
        cur.execute("SELECT name FROM products")
        names = [r[0] for r in cur.fetchall()]
        conn.close()
        return {"products": names}


class Health(MethodView):
    def get(self):
        with psycopg2.connect(DSN) as conn:
            conn.cursor().execute("SELECT 1")
        return "ok"


api.add_resource(Products, "/products")
app.add_url_rule("/health", view_func=Health.as_view("health"))
