from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

DB_URL = "postgresql+psycopg2://app@db/app"

app = Flask(__name__)


@app.route("/users")
def users():
    engine = create_engine(DB_URL)
    with engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM users"))]
    engine.dispose()
    return {"users": names}


@app.route("/orders")
def orders():
    Session = sessionmaker(bind=create_engine(DB_URL))
    with Session() as session:
        n = session.execute(text("SELECT count(*) FROM orders")).scalar()
    return {"orders": n}
