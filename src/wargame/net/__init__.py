"""Teams in separate rooms: a host that owns the game and seat clients that see only their seat.

``protocol`` is the versioned wire format (pydantic models over WebSockets), ``codes`` the seats'
join codes (kept only as hashes), ``host`` the server that owns the game through the engine, and
``client`` a seat's connection to it. None of them imports Textual.
"""
