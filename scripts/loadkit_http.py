"""The HTTP clients the simulated respondents share: an httpx pool (`http_client`, the fault
drills) and an aiohttp pool (`FastClient`, the benchmarks), neither with a cookie jar nor
following redirects, both answering as httpx does (status, text, headers).
"""

import asyncio
import os


def http_client(connections):
    """One connection pool for all simulated phones (cookies are kept per respondent).

    Idle connections are dropped after 2 s, before gunicorn's 5 s keep-alive closes them:
    otherwise a request sent on a connection at the moment the server closes it is reset
    (a browser silently sends such a request again; this client would count an error).
    """
    import httpx

    return httpx.AsyncClient(
        timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections,
                            keepalive_expiry=float(os.environ.get("BENCH_CLIENT_KEEPALIVE",
                                                                  "2"))),
    )


class FastReply:
    """What the respondents read of an answer, as httpx gives it: status, text, headers."""

    def __init__(self, status_code, text, headers):
        self.status_code, self.text, self.headers = status_code, text, FastHeaders(headers)


class FastHeaders:
    def __init__(self, headers):
        self._headers = headers

    def get(self, name, default=None):
        return self._headers.get(name, default)

    def get_list(self, name):
        return self._headers.getall(name, [])

    def __contains__(self, name):
        return name in self._headers


class FastClient:
    """The benchmark's client (`make bench`): one aiohttp connection pool for all simulated
    phones. aiohttp parses HTTP in C, so the client costs the shared cores a fraction of
    what httpx costs and the server, not the client, sets the pace. No cookie jar (each
    respondent keeps its own cookies) and no redirects followed, as with `http_client`."""

    def __init__(self, connections):
        self.connections = connections
        self.session = None

    @staticmethod
    def errors():
        import aiohttp

        return (aiohttp.ClientError, asyncio.TimeoutError)

    async def __aenter__(self):
        import aiohttp

        keepalive = float(os.environ.get("BENCH_CLIENT_KEEPALIVE", "2"))
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.connections, keepalive_timeout=keepalive),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=30, connect=10),
        )
        return self

    async def __aexit__(self, *exc):
        await self.session.close()

    async def request(self, method, url, data=None, headers=None):
        async with self.session.request(method, url, data=data, headers=headers,
                                        allow_redirects=False) as reply:
            return FastReply(reply.status, await reply.text(), reply.headers)
