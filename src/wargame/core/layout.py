"""The compiled core's memory, by name: numpy structured dtypes for a game's state, a ruleset's
tables, card-program instructions and the events a step emits.

Every size is a fixed maximum, so one dtype (and one compilation) serves every ruleset; a ruleset
past a maximum is refused when it is built (``core.rules``). Arrays are numpy record arrays
(``np.recarray``): compiled code and plain Python (``NUMBA_DISABLE_JIT=1``) both read
``state.hand_len[seat]`` and ``instruction.target``.
"""

from __future__ import annotations

import numpy as np

from wargame.core import model
from wargame.core.codes import N_RECORDED, POINT_FORMULAS
from wargame.model.variables import STATE_VARIABLES

#: Fixed maxima of the layout (content past them is refused with a clear error).
#: (The content's own limits, ``engine.scenario`` and ``engine.cards``, keep within these.)
MAX_SEATS = 4
MAX_BOARD = 20
MAX_CARDS = 2000  # distinct cards of a ruleset
MAX_PILE = 2000  # cards of the draw deck (or of the world deck), counting repeats
MAX_HAND = 48
MAX_MODIFIERS = 64
MAX_INJECTS = 200
MAX_CONDITIONAL = 200
MAX_CARD_LIST = 8000  # cards named by all injects together
MAX_ENDINGS = 8  # sudden-death checks (``engine.outcome.ENDINGS``)
MAX_TERMS = 4  # comparisons of one check
#: Codes of a card play a batch records: ``(card * (MAX_SEATS + 1) + who) * N_RECORDED + kind`` (``who``:
#: a seat, or MAX_SEATS for the world; ``kind``: a code of ``codes.RECORDED_PLAYS``).
PLAY_CODES = MAX_CARDS * (MAX_SEATS + 1) * N_RECORDED
#: Distinct moves the greedy bot scores at one decision (it keeps a key for each), and moves of a
#: decision whose scores it can report.
MAX_KEYS = 4096
MAX_MOVES = 4096

N_VALUES = len(STATE_VARIABLES)
NONE = -1  # no seat, no card, no target

STATE = np.dtype([
    # The model and the board.
    ("values", np.float64, (N_VALUES,)),  # base values, in ``STATE_VARIABLES`` order
    ("board", np.float64, (MAX_BOARD,)),  # alignments, -3 (China) .. +3 (US)
    ("vp", np.float64, (MAX_SEATS,)),
    # Temporary modifiers, in the order they were added.
    ("n_mods", np.int32),
    ("mod_target", np.int32, (MAX_MODIFIERS,)),  # value column
    ("mod_add", np.float64, (MAX_MODIFIERS,)),
    ("mod_mul", np.float64, (MAX_MODIFIERS,)),
    ("mod_turns", np.int32, (MAX_MODIFIERS,)),
    ("mod_source", np.int32, (MAX_MODIFIERS,)),  # a card, or an inject (``rules.source_code``)
    # Cards: hands in hand order, piles bottom first (cards are drawn from the top).
    ("hand_len", np.int32, (MAX_SEATS,)),
    ("hands", np.int16, (MAX_SEATS, MAX_HAND)),
    ("n_draw", np.int32), ("draw", np.int16, (MAX_PILE,)),
    ("n_discard", np.int32), ("discard", np.int16, (MAX_PILE,)),
    ("n_world", np.int32), ("world", np.int16, (MAX_PILE,)),
    ("n_world_discard", np.int32), ("world_discard", np.int16, (MAX_PILE,)),
    # Cards of each deck waiting for their era (``rules.enters_from``/``enters_when``), in deck order.
    ("n_held", np.int32), ("held", np.int16, (MAX_PILE,)),
    ("n_held_world", np.int32), ("held_world", np.int16, (MAX_PILE,)),
    # The quarter.
    ("quarter", np.int32),  # running quarter index (year * 4 + quarter - 1)
    ("turn", np.int32),  # 1 for the game's first quarter
    ("headline", np.int8),  # 1 while the headline is being picked
    ("picked", np.int8, (MAX_SEATS,)),  # a headline pick made (or declined) this quarter
    ("pick", np.int16, (MAX_SEATS,)),  # the picked card, NONE when declined
    ("pick_target", np.int16, (MAX_SEATS,)),
    ("action", np.int32),  # position within this quarter's action rounds
    ("shelved", np.int8, (MAX_SEATS,)),
    ("fired", np.int8, (MAX_CONDITIONAL,)),  # conditional injects already fired
    # Quarters in a row each sudden-death check has held (checks that end a game at once keep 0).
    ("streak", np.int32, (MAX_ENDINGS,)),
    # Chance: the seed's word, the game's lane and the draw counter.
    ("seed_word", np.uint64), ("game", np.int64), ("counter", np.int64),
    # How the game ended.
    ("over", np.int8),
    ("reason", np.int8),  # an ``END_*`` code
    ("sudden", np.int8),  # the seat that won outright, NONE when decided by score
    ("loser", np.int8),  # the seat out of the running, NONE for none
    ("ended", np.int32),  # the quarter it ended in
    ("spill", np.int8),  # past a fixed maximum: the state is not to be trusted
])

#: One instruction of a card program (effects and conditions alike; see ``core.rules``).
INSTRUCTION = np.dtype([
    ("op", np.int16),
    ("target", np.int32),  # a value column, a board index, a seat or a jump target, by op
    ("other", np.int32),  # transfer's destination; shift's state; a condition's right operand index
    ("seat", np.int32),  # draw/discard seat (SELF: the actor); shift: SELF, or 0 with its side in count
    ("count", np.int32),  # draw/discard count, modify's turns, all/any's parts, compare's operator
    ("value", np.float64),  # add/mul/set/transfer amount, shift steps, chance p, modify add
    ("mul", np.float64),  # modify's factor
    ("left_kind", np.int8), ("right_kind", np.int8),  # what a comparison reads on each side
    ("orelse", np.int32),  # where chance/if continue when they do not hold; the end of if's condition
])

RULES = np.dtype([
    ("n_seats", np.int32), ("n_board", np.int32), ("n_cards", np.int32), ("n_draw", np.int32),
    ("n_world", np.int32), ("n_injects", np.int32), ("n_conditional", np.int32),
    ("start", np.int32), ("end", np.int32), ("first_play", np.int32), ("rounds", np.int32),
    ("hand_size", np.int32), ("headline_on", np.int8), ("world_draws", np.int32),
    # Seats as data (``engine.seats``): which of the model's point formulas scores each, its side of
    # the board (+1 US, -1 China, 0 calms markets), its budget, PC and capex columns, and its income.
    ("seat_points", np.int32, (MAX_SEATS,)),
    ("seat_side", np.int32, (MAX_SEATS,)),
    ("seat_budget", np.int32, (MAX_SEATS,)),
    ("seat_pc", np.int32, (MAX_SEATS,)),
    ("invest_column", np.int32, (MAX_SEATS,)),  # where an invest goes
    ("invest_divisor", np.float64, (MAX_SEATS,)),  # 0: a capex modifier this quarter; else added / divisor
    ("invest_scale", np.float64, (MAX_SEATS,)),  # an op's $B of invest, as a share of ``budget_per_op``
    ("income_scale", np.float64, (MAX_SEATS,)),
    ("income_from", np.int32, (MAX_SEATS,)),  # a value column (>= 0) or -1 - a model output
    ("targets", np.float64, (MAX_SEATS,)),
    ("pace", np.float64, (MAX_SEATS,)),  # the power a target falls due by over the quarters (``quarter.due``)
    # Cards, numbered in the order of their ids.
    ("ops", np.int32, (MAX_CARDS,)),
    ("faction", np.int32, (MAX_CARDS,)),  # a seat, ANY, or ABSENT (no seat here, or a world card)
    ("players", np.int32, (MAX_CARDS,)),  # bit s set: seat s may play the event (``quarter.plays_event``)
    ("set_off", np.int8, (MAX_CARDS,)),  # 1: another seat's ops (or headline) set off its seat's event
    ("needs_target", np.int8, (MAX_CARDS,)),
    ("cost_budget", np.float64, (MAX_CARDS,)),
    ("cost_pc", np.float64, (MAX_CARDS,)),
    ("requirement", np.int32, (MAX_CARDS, 2)),  # a condition program (start, end), or (-1, -1)
    ("effects", np.int32, (MAX_CARDS, 2)),
    # Eras: a card joins its deck from a quarter (0: from the start) once a condition holds (-1, -1: none).
    ("enters_from", np.int32, (MAX_CARDS,)),
    ("enters_when", np.int32, (MAX_CARDS, 2)),
    ("draw_deck", np.int16, (MAX_PILE,)),
    ("world_deck", np.int16, (MAX_PILE,)),
    # Injects: scheduled ones by quarter, conditional ones by condition; each fires cards and effects.
    ("inject_quarter", np.int32, (MAX_INJECTS,)),
    ("inject_cards", np.int32, (MAX_INJECTS, 2)),
    ("inject_effects", np.int32, (MAX_INJECTS, 2)),
    ("conditional", np.int32, (MAX_CONDITIONAL, 2)),
    ("conditional_cards", np.int32, (MAX_CONDITIONAL, 2)),
    ("conditional_effects", np.int32, (MAX_CONDITIONAL, 2)),
    ("card_list", np.int16, (MAX_CARD_LIST,)),
    # The model.
    ("evolving", np.int8, (N_VALUES,)),
    ("lo", np.float64, (N_VALUES,)), ("hi", np.float64, (N_VALUES,)),
    ("initial", np.float64, (N_VALUES,)), ("initial_board", np.float64, (MAX_BOARD,)),
    ("demand", np.float64, (MAX_BOARD,)),
    ("params", model.PARAMS),
    # Numbers the rules read beside the model's.
    ("budget_per_op", np.float64), ("pc_income", np.float64),
    ("invest_cost", np.float64),  # budget an invested $B costs
    # The greedy bot's value of what a move leaves it (``core.bots.reserve``).
    ("bot_budget_value", np.float64), ("bot_budget_reserve", np.float64),
    ("bot_pc_value", np.float64), ("bot_pc_reserve", np.float64), ("bot_hand_liability", np.float64),
    ("bot_horizon", np.int64), ("bot_candidates", np.int64), ("bot_end_value", np.float64),
    ("bot_rivalry", np.float64),
    # Sudden deaths (``engine.outcome.ENDINGS``), checked in order at a quarter's close: each holds
    # when all its terms do, for ``end_quarters`` quarters in a row (0: at once). ``end_live`` 0: the
    # seat it would put out is not seated (it never ends the game).
    ("n_endings", np.int32),
    ("end_reason", np.int8, (MAX_ENDINGS,)),
    ("end_winner", np.int8, (MAX_ENDINGS,)), ("end_loser", np.int8, (MAX_ENDINGS,)),
    ("end_live", np.int8, (MAX_ENDINGS,)),
    ("end_quarters", np.int32, (MAX_ENDINGS,)),
    ("end_terms", np.int32, (MAX_ENDINGS,)),
    ("term_reads", np.int8, (MAX_ENDINGS, MAX_TERMS)),  # a ``T_*`` code
    ("term_index", np.int32, (MAX_ENDINGS, MAX_TERMS)),  # an output, a value column, or a side (+1, -1)
    ("term_cmp", np.int8, (MAX_ENDINGS, MAX_TERMS)),  # an index into ``CMP_OPS``
    ("term_value", np.float64, (MAX_ENDINGS, MAX_TERMS)),
    # Escalation and the swing states' own moves (``core.quarter.escalate``, ``swing_states``).
    ("board_hedge", np.float64, (MAX_BOARD,)),  # how readily each state hedges (times ``hedge_rate``)
    ("board_tier2", np.int8, (MAX_BOARD,)),  # 1: a tier-2 state of the AI Diffusion rule
    ("hedge_rate", np.float64),
    ("col_tension", np.int32), ("col_tiers", np.int32),
    ("tension_cooling", np.float64), ("crisis_from", np.float64), ("crisis_p", np.float64),
    ("conflict_at", np.float64),
    ("crisis_cols", np.int32, (4,)),  # firm capacity, US frontier, China's foreign access, firm shock
    ("crisis_size", np.float64, (4,)),  # the crisis's factor on the first three, the shock added to the last
    ("crisis_tension", np.float64),
])

#: What a step did, for the facade's log (``engine.log``) and the batch's records.
EVENT = np.dtype([
    ("kind", np.int16),  # an ``EV_*`` code (``core.events``)
    ("seat", np.int16), ("card", np.int16), ("owner", np.int16), ("target", np.int16),
    ("code", np.int16),  # a play kind, an ops use, an end reason, a change's kind
    ("index", np.int32),  # a value column, a board index, a count, a source
    ("before", np.float64), ("after", np.float64), ("x", np.float64),
])

#: The core's scratch memory for one thread of games: model work areas and the bots' room.
WORK = np.dtype([
    ("eff", np.float64, (N_VALUES,)), ("der", np.float64, (model.N_DERIVED,)),
    ("have", np.int8),  # which outputs ``der`` holds for the state being read (0, 1 plain, 2 display)
    ("eff_q", np.float64, (N_VALUES,)), ("new_q", np.float64, (N_VALUES,)),
    ("board_q", np.float64, (MAX_BOARD,)), ("der_q", np.float64, (model.N_DERIVED,)),
    ("own_q", np.float64, (N_VALUES,)),
    ("own_board_q", np.float64, (MAX_BOARD,)), ("vp_q", np.float64, (len(POINT_FORMULAS),)), ("keep_q", model.KEEP),
    # Projection areas of the greedy look-ahead: base, post-event, trial.
    ("proj_eff", np.float64, (3, N_VALUES)), ("proj_new", np.float64, (3, N_VALUES)),
    ("proj_out", np.float64, (3, model.N_DERIVED)), ("proj_out_new", np.float64, (3, model.N_DERIVED)),
    ("proj_keep", model.KEEP, (3,)), ("proj_board", np.float64, (3, MAX_BOARD)),
    # Which areas hold a board-free projection this decision may reuse (``core.bots.reprepare``),
    # at which quarter index; and the next state's effective values, to compare with the area's.
    ("proj_ready", np.int8, (3,)), ("proj_qt", np.int64, (3,)), ("proj_next", np.float64, (N_VALUES,)),
    ("memo", np.float64, (model.MEMO_SIZE,)),
    ("stack", np.int8, (64,)),
    ("order", np.int32, (MAX_SEATS,)), ("order_key", np.int32, (MAX_SEATS,)),
    # A decision's legal moves, counted per hand position (``core.bots.options``).
    ("influence_to", np.int8, (MAX_BOARD,)),
    ("n_event", np.int32, (MAX_HAND,)), ("n_influence", np.int32, (MAX_HAND,)),
    ("n_plain", np.int32, (MAX_HAND,)), ("n_shelve", np.int32, (MAX_HAND,)), ("aimed", np.int8, (MAX_HAND,)),
    ("unseen", np.int32, (MAX_CARDS,)), ("pool", np.int16, (MAX_PILE,)),
    ("keys", np.int64, (MAX_KEYS,)), ("key_scores", np.float64, (MAX_KEYS,)),
    # The greedy bot's score of each move of its last decision, when asked for them.
    ("want_scores", np.int8), ("n_moves", np.int32), ("move_scores", np.float64, (MAX_MOVES,)),
    # The greedy bot's second look (``core.bots.look_further``): each move, its first score, and
    # whether it is weighed again (2: one of the best; 1: an own event; 0: not).
    ("far_kind", np.int64, (MAX_MOVES,)), ("far_card", np.int64, (MAX_MOVES,)),
    ("far_target", np.int64, (MAX_MOVES,)), ("far_score", np.float64, (MAX_MOVES,)),
    ("far_pick", np.int8, (MAX_MOVES,)),
    # The scratch state that holds the move played by the first look (``bots.KEPT``), or -1.
    ("far_slot", np.int16, (MAX_MOVES,)),
    ("bot_words", np.uint64, (MAX_SEATS,)), ("bot_calls", np.int64, (MAX_SEATS,)),
    # What is recorded: full events (the facade), first firings (batches), or nothing (look-aheads).
    ("log_events", np.int8), ("log_plays", np.int8),
    ("n_events", np.int32),
    ("seen", np.int8, (PLAY_CODES,)), ("plays", np.int32, (PLAY_CODES,)), ("n_plays", np.int32),
])

#: Room for one step's events (a quarter's end and the next one's opening fit many times over).
EVENT_ROOM = 4096


def records(dtype: np.dtype, n: int) -> np.recarray:
    """``n`` zeroed records of ``dtype``, as a record array (fields by attribute, also in plain Python)."""
    return np.zeros(n, dtype).view(np.recarray)


def new_work() -> np.recarray:
    """A fresh work record (one per thread of games)."""
    w = records(WORK, 1)
    w[0].memo[:] = np.nan
    return w
