"""The core's numbers and what each means: effect and condition ops, seat kinds, actions, card
plays, end reasons and events. The facade (``engine``) names them for people."""

from __future__ import annotations

# --- Card programs (``layout.INSTRUCTION``) -------------------------------------------------------
# Effects. ``chance`` and ``if`` fall through into their ``then`` block, which ends with a jump past
# their ``else`` block (``orelse`` says where that starts).
OP_ADD, OP_MUL, OP_SET, OP_MODIFY, OP_TRANSFER, OP_DRAW, OP_DISCARD, OP_SHIFT, OP_CHANCE, OP_IF, OP_JUMP = range(1, 12)
# Conditions, postfix: each compare pushes a truth value, all/any pop ``count`` parts and push one.
C_COMPARE, C_ALL, C_ANY = range(20, 23)
CMP_OPS = ("<=", ">=", "==", "!=", "<", ">")
# What a comparison reads: a number, a state variable (with its modifiers), a model output (one only
# people read needs the display outputs), a swing state, the turn, a seat's points.
K_CONST, K_VAR, K_DERIVED, K_DISPLAY, K_BOARD, K_TURN, K_VP = range(7)
# Seat references in effects: the card's actor, or none (a seat the scenario does not seat).
SELF, NO_SEAT = -1, -2
# Which swing states a shift moves.
SHIFT_ALL, SHIFT_CHOOSE, SHIFT_ONE = range(3)

# --- Seats and cards --------------------------------------------------------------------------------
#: The model's point formulas (``core.model.quarter_vp``), by name: which one scores a seat (``engine.seats``).
POINT_FORMULAS = ("us", "china", "firm")
VP_US, VP_CHINA, VP_FIRM = range(len(POINT_FORMULAS))
#: Card factions beside seat numbers.
ANY, ABSENT = -1, -2

# --- Actions --------------------------------------------------------------------------------------
PASS, EVENT, INFLUENCE, INVEST, LOBBY, SHELVE, HEADLINE = range(7)

# --- Bots -----------------------------------------------------------------------------------------
PASS_BOT, RANDOM_BOT, GREEDY_BOT, SEARCH_BOT = range(4)
#: The bots ``core.bots.choose`` plays, by code (a search bot is ``core.mcts``'s).
BOT_NAMES = ("pass", "random", "greedy")

# --- Card plays a batch records, and the log's play kinds -----------------------------------------
HEADLINE_PLAY, EVENT_PLAY, OPPONENT_PLAY, WORLD_PLAY, INJECT_PLAY, FIRE_PLAY = range(6)
#: The kinds a record keeps, by code: the card plays up to ``MAX_RECORDED_PLAY`` (an "opponent" play is
#: another seat's event set off by ``who``, by ops or a headline), then a card used for ops with no
#: other seat's event, and a card shelved.
RECORDED_PLAYS = ("headline", "event", "opponent", "world", "ops", "shelve")
MAX_RECORDED_PLAY = WORLD_PLAY
RECORD_OPS, RECORD_SHELVE = 4, 5
N_RECORDED = len(RECORDED_PLAYS)

# --- How a game ends ------------------------------------------------------------------------------
# Reason codes; ``engine.outcome.ENDINGS`` holds each one's check and words, the core its lowered checks.
END_NONE, END_CHINA_PARITY, END_CHINA_SHARE, END_US_LEAD, END_FIRM_SANCTIONED, END_FIRM_SQUEEZED, END_DATE = range(7)
#: Tension reached the top of its track: open conflict, a mutual loss (no seat wins).
END_CONFLICT = 7
# What a term of a sudden-death check reads: a model output, a variable's base value, or how many
# swing states lean at least one step to a side.
T_OUTPUT, T_VALUE, T_ALIGNED = range(3)

def inject_source(k: int, conditional: bool, max_injects: int) -> int:
    """The source code of scheduled (or conditional) inject ``k``, beside card numbers."""
    return -1 - k - (max_injects if conditional else 0)


# --- Events (``layout.EVENT``) --------------------------------------------------------------------
EV_QUARTER = 1  # a quarter begins
EV_INJECT = 2  # index: the inject's source code
EV_INJECT_EFFECTS = 3  # an inject's own effects ran (the changes since EV_INJECT)
EV_CARD = 4  # a card's event fired: code = play kind, seat = who played it, owner, target
EV_FIZZLE = 5  # a card's requirement did not hold: as EV_CARD
EV_CANNOT_PAY = 6  # a headline card its seat can no longer pay for
EV_CHANGE = 7  # an effect changed something: code = CH_*, index = column or board index, before, after
EV_CHANCE = 8  # index: the source (a card, or ``inject_source``); before = p, x = the roll
EV_DRAW_CARD = 9  # seat drew card
EV_DRAWN = 10  # seat's draw is over (the cards since its last EV_DRAWN)
EV_RESHUFFLE = 11  # index: the cards reshuffled into the draw deck
EV_DISCARD = 12  # seat discards card
EV_INCOME = 13  # seat gains x
EV_PICK = 14  # seat picks a headline card (card NONE: declines)
EV_REVEAL = 15  # the headline is revealed (the picks follow as EV_REVEALED, in order)
EV_REVEALED = 16  # seat's pick, card
EV_PASS = 17  # seat passes (code 1: it has no cards)
EV_SHELVE = 18
EV_OPS = 19  # seat uses card's ops: code = use, target, before, after (or x = the amount invested)
EV_OVERRIDE = 20  # the facilitator sets a value: index (column, or -1 - board index), before, after
EV_TRACK = 21  # a quarter closes: index = a value column (or -1 - an output), x = its value
EV_POINTS = 22  # a quarter closes: seat scores x
EV_CLOSE = 23  # a quarter closes (its tracks and points came before)
EV_GAME_OVER = 24  # code = end reason, seat = the winner outright, owner = the loser, x = China's share
EV_ENTER = 25  # card's era has come: it joins its deck (code 0 the draw deck, 1 the world deck)
EV_ENTERED = 26  # the cards since the last EV_ENTERED joined deck ``code``, which is then shuffled
EV_CRISIS = 27  # the Taiwan Strait risk is rolled: code 1 if a crisis broke out, before = p, after = tension, x = the roll
# Change kinds of EV_CHANGE.
CH_VALUE, CH_BOARD, CH_TEMPORARY = range(3)
