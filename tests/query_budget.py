"""Counting a page's queries against its budget."""

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT",
                       "ROLLBACK TO SAVEPOINT")


def counted(captured):
    """The SQL of the queries captured (CaptureQueriesContext), leaving out the statements
    that only start or end a transaction or a savepoint."""
    return [query["sql"] for query in captured.captured_queries
            if not query["sql"].upper().startswith(TRANSACTION_CONTROL)]
