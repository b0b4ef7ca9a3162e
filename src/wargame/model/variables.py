"""The model's variables, declared once: name, unit, bounds, description and source facts.

Effects, conditions, the dashboard and reports all read this registry. A variable marked
``derived`` is recomputed from the others every time the state changes: conditions may read it,
effects may not write it. Paths are ``<owner>.<name>``; owners are the seats and ``world``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Variable:
    """One named quantity of the economic model."""

    name: str
    unit: str
    lo: float
    hi: float
    default: float
    description: str
    facts: tuple[str, ...] = ()
    derived: bool = False
    fmt: str = "{:.2f}"
    internal: bool = False

    @property
    def owner(self) -> str:
        return self.name.split(".", 1)[0]

    def clamp(self, value: float) -> float:
        """``value`` held inside the declared bounds."""
        return min(max(value, self.lo), self.hi)

    def format(self, value: float) -> str:
        return self.fmt.format(value)


def _v(name: str, unit: str, lo: float, hi: float, default: float, description: str,
       facts: tuple[str, ...] = (), derived: bool = False, fmt: str = "{:.2f}",
       internal: bool = False) -> Variable:
    return Variable(name, unit, lo, hi, default, description, facts, derived, fmt, internal)


_ASSUMED = ("A",)  # "A" marks an assumption, not an article figure.

_VARIABLES: tuple[Variable, ...] = (
    # --- United States -------------------------------------------------------------------------
    _v("us.capex", "$B/qtr", 0, 1000, 100.0, "US hyperscaler AI capex per quarter", ("F001_01", "F001_03"), fmt="{:.1f}"),
    _v("us.capex_growth", "/yr", -0.5, 1.5, 0.20, "Annual growth rate of US AI capex", ("F001_01", "F001_03")),
    _v("us.compute", "CU", 0, 100000, 70.0, "US installed AI compute (1 CU = 1% of world compute at end-2025)", ("F000_04",), fmt="{:.1f}"),
    *(_v(f"us.compute_ago{k}", "CU", 0, 100000, 70.0 / 2 ** (k / 4), f"US installed compute {k} quarter(s) ago",
         internal=True) for k in (1, 2, 3, 4)),
    _v("us.frontier_perf", "x", 0.1, 1000, 1.0, "Compute per dollar on the US frontier (Nvidia roadmap), 2025Q4 = 1", ("F001_04", "F001_05")),
    _v("us.efficiency", "x", 0.25, 10, 1.0, "US algorithmic efficiency multiplier (the numeraire)", _ASSUMED),
    _v("us.export_controls", "index", 0, 1, 0.80, "Nominal stringency of US export controls on AI chips", ("F003_04", "Q004_02")),
    _v("us.enforcement", "index", 0, 1, 0.75, "Enforcement and allied harmonisation of export controls", ("F000_30", "F000_42")),
    _v("us.diffusion_tiers", "flag", 0, 1, 0.0, "AI Diffusion tiers in force (tier-2 states taxed)", ("F004_03",)),
    _v("us.alliance", "index", 0, 1, 0.0, "Depth of US-led alliance pacts (multiplies effective compute up to 1.5x)", ("F000_41", "F000_45")),
    _v("us.budget", "$B", 0, 1000, 0.0, "US discretionary budget for card costs", _ASSUMED, fmt="{:.1f}"),
    _v("us.pc", "PC", 0, 30, 0.0, "US political capital", _ASSUMED, fmt="{:.0f}"),
    # --- China ---------------------------------------------------------------------------------
    _v("china.capex", "$B/qtr", 0, 1000, 24.5, "China AI capex per quarter ($98B in 2025)", ("F001_06", "F000_02"), fmt="{:.1f}"),
    _v("china.compute_domestic", "CU", 0, 100000, 1.75, "China installed compute on domestic chips", ("F001_16", "F001_17"), fmt="{:.2f}"),
    _v("china.compute_imported", "CU", 0, 100000, 7.0, "China installed compute on imported chips", ("F003_01",), fmt="{:.2f}"),
    _v("china.domestic_buy", "share", 0, 0.95, 0.40, "Domestic chips' share of China's new AI capex", ("F001_17",)),
    _v("china.policy_push", "share", 0, 1, 0.55, "Policy target for the domestic share of new purchases", ("F004_06",)),
    _v("china.mandate", "flag", 0, 1, 0.0, "Domestic-chip mandate for government data centres", ("F002_02",)),
    _v("china.chip_perf", "xH100", 0.2, 3, 0.70, "Domestic accelerator performance relative to an H100", ("F000_18", "F004_02")),
    _v("china.chip_perf_max", "xH100", 0.5, 3, 1.0, "Ceiling on domestic chip performance without EUV", ("F001_21", "F001_36")),
    _v("china.yield", "share", 0.4, 0.95, 0.75, "Yield of Chinese leading fabs", ("F001_18", "F001_19")),
    _v("china.fab_capacity", "CU/qtr", 0, 1000, 1.05, "Ceiling on domestic accelerator output per quarter", _ASSUMED),
    _v("china.fab_growth", "/qtr", 0, 0.5, 0.10, "Quarterly growth of domestic fab output", ("F001_23", "F001_24")),
    _v("china.efficiency", "x", 1, 10, 3.56, "China's algorithmic efficiency multiplier (scarcity breeds efficiency)", ("F003_01", "F003_03")),
    _v("china.foreign_access", "x", 0, 2, 1.0, "Access to foreign chips beyond controls (grey market, stockpiles)", ("Q000_01", "F000_21")),
    _v("china.rare_earth_curbs", "flag", 0, 1, 0.0, "Rare-earth export curbs in force", ("F000_28",)),
    _v("china.alliance", "index", 0, 1, 0.0, "Depth of China-led compute partnerships", ("F000_41",)),
    _v("china.budget", "$B", 0, 1000, 0.0, "China discretionary budget for card costs", _ASSUMED, fmt="{:.1f}"),
    _v("china.pc", "PC", 0, 30, 0.0, "China political capital", _ASSUMED, fmt="{:.0f}"),
    # --- The allied firm -------------------------------------------------------------------------
    _v("firm.china_revenue_share", "share", 0, 1, 0.40, "China's share of the firm's demand", ("F000_33",)),
    _v("firm.capacity", "x", 0.2, 5, 1.0, "Firm capacity relative to 2025Q4", _ASSUMED),
    _v("firm.jv", "flag", 0, 1, 0.0, "Singapore neutral-zone joint venture in operation", ("F000_35", "F000_31")),
    _v("firm.hedge", "share", 0, 1, 0.0, "Share of sanction shocks hedged by dual sourcing", ("F000_52", "F000_17")),
    _v("firm.us_fab", "flag", 0, 1, 0.0, "Firm operates a US fab", ("F000_32", "F000_36")),
    _v("firm.shock", "share", 0, 1, 0.0, "Revenue shock this quarter from sanctions or controls", _ASSUMED),
    _v("firm.sanctioned_us", "flag", 0, 1, 0.0, "Firm sanctioned by the United States", _ASSUMED),
    _v("firm.sanctioned_china", "flag", 0, 1, 0.0, "Firm sanctioned by China", _ASSUMED),
    _v("firm.west_demand0", "$B/qtr", 0, 100000, 124.4, "Western AI capex reaching the firm at t0 (revenue baseline)", internal=True),
    _v("firm.profit", "$B", -10000, 100000, 0.0, "Firm cumulative profit since 2025Q4", _ASSUMED, fmt="{:.1f}"),
    _v("firm.budget", "$B", 0, 1000, 0.0, "Firm discretionary budget for card costs", _ASSUMED, fmt="{:.1f}"),
    _v("firm.pc", "PC", 0, 30, 0.0, "Firm political capital (standing with governments)", _ASSUMED, fmt="{:.0f}"),
    # --- The world -------------------------------------------------------------------------------
    _v("world.row_capex", "$B/qtr", 0, 1000, 36.1, "Rest-of-world AI capex per quarter", _ASSUMED, fmt="{:.1f}"),
    _v("world.row_compute", "CU", 0, 100000, 21.25, "Rest-of-world installed AI compute", ("F000_04", "F003_01"), fmt="{:.1f}"),
    _v("world.fragmentation", "index", 0, 1, 0.5, "Bifurcation of the chip market (0 one market, 1 two stacks)", ("F000_10", "F000_34")),
    _v("world.commons", "index", 0, 1, 0.0, "Compute-commons cooperation lowering fragmentation", ("F000_44",)),
    _v("world.inference_share", "share", 0, 1, 0.5, "Inference share of AI compute demand", ("F004_01",)),
    _v("world.frag_cost_total", "$B", 0, 1e6, 0.0, "Cumulative cost of supply-chain fragmentation", ("F000_10", "F000_25"), fmt="{:.0f}"),
    _v("world.tension", "level", 0, 5, 2.0,
       "Tension between Washington and Beijing (0 calm .. 5 open conflict); 2025's controls and "
       "rare-earth retaliation leave it strained", ("F003_04", "F000_28", "A"), fmt="{:.1f}"),
    # --- Supply constraints (fab output, memory, lithography and power bind) --------------------------
    _v("china.hbm_supply", "CU/qtr", 0, 1000, 1.09, "Domestic accelerators China's high-bandwidth memory can equip per quarter", _ASSUMED),
    _v("china.hbm_growth", "/qtr", 0, 0.5, 0.055, "Quarterly growth of China's high-bandwidth memory output", _ASSUMED),
    _v("china.euv", "share", 0, 1, 0.0, "China's access to EUV lithography (0: older DUV tools only)", ("F001_21", "F001_22")),
    _v("us.power", "GW/qtr", 0, 100, 5.0, "Data-centre power the US can connect per quarter", ("F001_33", "F001_34")),
    _v("china.power", "GW/qtr", 0, 100, 1.25, "Data-centre power China can connect per quarter", ("F001_33", "F001_34")),
    _v("china.power_use", "x", 0.2, 3, 1.0, "Power China's clusters draw per unit of compute (US racks = 1)", ("F000_19",)),
    # --- Derived outputs -------------------------------------------------------------------------
    _v("china.compute", "CU", 0, 200000, 8.75, "China installed AI compute", ("F003_01",), derived=True, fmt="{:.2f}"),
    _v("china.domestic_share", "share", 0, 1, 0.20, "Domestic chips' share of China's installed AI compute", ("F001_16", "F001_17"), derived=True),
    _v("us.effective_compute", "CU", 0, 1e7, 70.0, "US installed compute x efficiency x alliances", derived=True, fmt="{:.1f}"),
    _v("china.effective_compute", "CU", 0, 1e7, 31.2, "China installed compute x efficiency x alliances", ("F003_03",), derived=True, fmt="{:.1f}"),
    _v("world.lag", "months", -60, 60, 7.0, "Months by which China's frontier trails the US", ("F003_03", "F001_37"), derived=True, fmt="{:.1f}"),
    _v("world.compute_ratio", "x", 0, 1000, 8.0, "US:China installed compute ratio", ("F003_01", "F003_02"), derived=True, fmt="{:.1f}"),
    _v("us.world_share", "share", 0, 1, 0.70, "US share of world AI compute", ("F000_04",), derived=True),
    _v("china.world_share", "share", 0, 1, 0.0875, "China share of world AI compute", ("F000_13",), derived=True),
    _v("us.capability", "index", 0, 1000, 100.0, "US capability index (2025Q4 = 100)", ("F001_37",), derived=True, fmt="{:.1f}"),
    _v("china.capability", "index", 0, 1000, 91.4, "China capability index", ("F001_37",), derived=True, fmt="{:.1f}"),
    _v("us.vendor_share", "share", 0, 1, 0.86, "US vendors' share of world AI-chip spend", ("F000_33",), derived=True),
    _v("world.frag_cost", "$B/yr", 0, 10000, 200.0, "Annual cost of supply-chain fragmentation", ("F000_10",), derived=True, fmt="{:.0f}"),
    _v("world.gdp_drag", "share", 0, 0.1, 0.0125, "GDP drag on exposed allied economies from bifurcation", ("F000_34",), derived=True, fmt="{:.3f}"),
    _v("world.us_stack_share", "share", 0, 1, 0.67, "Demand-weighted pull of swing states toward the US stack", _ASSUMED, derived=True),
    _v("firm.revenue", "$B/qtr", 0, 10000, 25.0, "Firm revenue this quarter", ("F000_33", "F000_35"), derived=True, fmt="{:.1f}"),
    _v("us.export_controls_eff", "index", 0, 1, 0.60, "Effective export controls: stringency x enforcement", derived=True),
)

VARIABLES: dict[str, Variable] = {v.name: v for v in _VARIABLES}
STATE_VARIABLES: tuple[str, ...] = tuple(v.name for v in _VARIABLES if not v.derived)
#: Variables a card effect or a facilitator override may write.
WRITABLE_VARIABLES: tuple[str, ...] = tuple(v.name for v in _VARIABLES if not (v.derived or v.internal))
DERIVED_VARIABLES: tuple[str, ...] = tuple(v.name for v in _VARIABLES if v.derived)


def variable(name: str) -> Variable:
    """The declared variable ``name``; ``KeyError`` if the model has none."""
    return VARIABLES[name]


def defaults() -> dict[str, float]:
    """Default values of every non-derived variable."""
    return {name: VARIABLES[name].default for name in STATE_VARIABLES}
