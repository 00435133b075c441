"""Loads the seed data: python load_data.py --dsn postgresql://…"""
import argparse
import asyncio

import asyncpg
import psycopg2


def load_sync(dsn: str) -> None:
    conn = psycopg2.connect(dsn)
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO items (name) VALUES ('seed')")
    conn.close()


async def load_async(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    await conn.execute("INSERT INTO items (name) VALUES ('seed')")
    await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    args = parser.parse_args()
    load_sync(args.dsn)
    asyncio.run(load_async(args.dsn))


if __name__ == "__main__":
    main()
