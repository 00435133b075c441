from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

DB_URL = "postgresql+psycopg2://app@db/app"

app = Flask(__name__)

# One SQLAlchemy engine (it pools its connections) for the whole process, shared by every request
db_engine = create_engine(DB_URL)


@app.route("/users")
def users():
    engine = db_engine
    with engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM users"))]
    return {"users": names}


@app.route("/orders")
def orders():
    Session = sessionmaker(bind=db_engine)
    with Session() as session:
        n = session.execute(text("SELECT count(*) FROM orders")).scalar()
    return {"orders": n}
