import psycopg2
from django.http import JsonResponse


def report(request):
    conn = psycopg2.connect("dbname=warehouse")
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM facts")
        (n,) = cur.fetchone()
    conn.close()
    return JsonResponse({"facts": n})
