// The durable task queue behind the API's 202 endpoints (spec unit-api.md §1.4-1.5).
