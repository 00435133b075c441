// `guardfix explain parallel-io`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds loops that await one I/O call per item, one after the other, while a request waits:
\`for url in urls: r = await client.get(url)\`, and \`[await client.get(u) for u in urls]\`.
It looks in async route handlers — functions decorated with a route decorator
(\`@app.get\`, \`@router.post\`, \`@app.route\`, \`@bp.route\`, \`@app.websocket\`…) or registered by
name (\`add_api_route\`, \`add_url_rule\`, Starlette \`Route\`) — and in every module-level
\`async def\` they call or depend on (\`Depends(…)\`), transitively. Background tasks, startup
hooks and scripts are not on a request's path and are left alone.

The I/O is an awaited HTTP client method (\`get\`, \`post\`, \`put\`, \`patch\`, \`delete\`, \`head\`,
\`options\`, \`request\`, \`stream\`; also through \`asyncio.wait_for\` and \`async with\`; not on
queues, DB sessions, repositories or cursors), or a call of a module \`async def\` — or of a
method of a module class, matched by name — that does such I/O. The loop is reported only when its iterations are
independent:
- the awaited call, and the conditions that decide whether it runs, read no variable that a
  previous iteration wrote (appending results to a list is fine);
- the loop does not \`break\`, \`return\`, \`yield\` or \`raise\` (stopping early on a result;
  a \`raise\` inside \`except\` is fine: \`gather\` propagates failures too);
- it is a plain \`for\`, not \`async for\` (a stream) or \`while\` (polling, retries);
- it does not pace or lock itself (\`asyncio.sleep\`, a lock or semaphore) or talk to one
  database connection or websocket (\`execute\`, \`fetch…\`, \`commit\`, \`send…\`, \`receive…\`),
  where order matters.

## Why is this bad?
N independent calls in sequence make the request wait for the sum of their latencies instead of
the slowest one: five detectors at 200 ms each answer in one second instead of 200 ms.

## Example
\`\`\`python
@app.get("/v1/peers")
async def peers():
    results = []
    async with httpx.AsyncClient() as client:
        for url in PEER_URLS:
            r = await client.get(url, timeout=2.0)
            results.append(r.status_code)
    return results
\`\`\`

Use instead:
\`\`\`python
@app.get("/v1/peers")
async def peers():
    limit = asyncio.Semaphore(10)

    async def probe(client, url):
        async with limit:
            r = await client.get(url, timeout=2.0)
            return r.status_code

    async with httpx.AsyncClient() as client:
        return await asyncio.gather(*(probe(client, url) for url in PEER_URLS))
\`\`\`

## Options
None.

## Fix safety
No fix: going concurrent changes how failures surface (\`gather\` raises the first exception
unless \`return_exceptions=True\`; a \`try\` around each call in the loop must move into the
helper), and the bound on concurrency depends on what the other side can take. Results keep
their order with \`gather\`.

## References
- https://docs.python.org/3/library/asyncio-task.html#asyncio.gather
- https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore
- https://www.python-httpx.org/async/ (one AsyncClient, many concurrent requests)
`;
