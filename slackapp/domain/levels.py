"""Move families and levels: every move has three levels that grow in dose or form, and a family.

Level 1 is the move as the library writes it. Levels 2 and 3 each add a line of how-to (the change of
form), their own dose and their own cue; the card shows the level-1 how-to and then the level's line.
Seated levels keep holding on (armrests, seat or wheels, in the chair that can't roll or with brakes on
that level 1 sets up) and never turn a seated move into a standing one. Kept apart from exercises.py so
the move wording and the progression can be reviewed (and edited) separately.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY, Exercise
from slackapp.domain.text import N_

# Activation: switching the glutes on (squeezes, taps). Hip: moving the hips through their range
# (marches, circles, shifts). Strength: loading the glutes (squats, bridges, thrusts, planks).
Family = Literal["activation", "hip", "strength"]
FAMILIES: tuple[Family, ...] = get_args(Family)

FIRST_LEVEL = 1
MAX_LEVEL = 3

FAMILY_OF: dict[str, Family] = {
    "glute_tap": "activation",
    "glute_squeeze_hold": "activation",
    "calf_raise_squeeze": "activation",
    "seated_squeeze": "activation",
    "march_in_place": "hip",
    "hip_circles": "hip",
    "clamshells": "hip",
    "seated_march": "hip",
    "seated_weight_shift": "hip",
    "seated_knee_press": "hip",
    "squats": "strength",
    "standing_kickback": "strength",
    "hip_thrusts": "strength",
    "single_leg_bridge": "strength",
    "side_plank": "strength",
    "seated_lean_squeeze": "strength",
}


@dataclass(frozen=True)
class Step:
    """What a level above the first changes: a line of how-to, its dose and its cue."""

    how: str
    dose: str
    cue: str


@dataclass(frozen=True)
class Dosed:
    """A move as a card shows it at one level: level 1's how-to, the level's line (None at level 1), its
    dose and cue."""

    exercise: Exercise
    level: int
    step_how: str | None
    dose: str
    cue: str


# Levels 2 and 3 of every move, by move key.
STEPS: dict[str, tuple[Step, Step]] = {
    "glute_tap": (
        Step(
            N_("After the taps, squeeze one glute at a time, then both together."),
            N_("10 s of tapping, then 8 squeezes of 3 s"),
            N_("Feel each side switch on before you squeeze both."),
        ),
        Step(
            N_("After the taps, rise onto your toes as you squeeze, one hand on the desk for balance."),
            N_("10 s of tapping, then 8 squeezes of 5 s"),
            N_("Keep the squeeze while your heels come down slowly."),
        ),
    ),
    "glute_squeeze_hold": (
        Step(
            N_("Shift your weight onto one leg, a hand on the desk, squeeze that side, then swap."),
            N_("4 holds of 10 s on each side"),
            N_("Keep your hips level while the standing side does the work."),
        ),
        Step(
            N_("Bend your knees a little, as if starting to sit, and hold the squeeze there."),
            N_("5 holds of 15 s"),
            N_("Squeeze as hard as is comfortable and keep breathing through each hold."),
        ),
    ),
    "calf_raise_squeeze": (
        Step(
            N_("Stay at the top for 2 s before you lower."),
            N_("15 slow reps"),
            N_("Hold the squeeze through the pause at the top."),
        ),
        Step(
            N_("Rise on one foot at a time, the other just off the floor, a hand on the desk."),
            N_("8 slow reps on each side"),
            N_("Squeeze the glute of the standing leg from the bottom to the top."),
        ),
    ),
    "march_in_place": (
        Step(
            N_("Pause for 2 s each time a knee reaches its highest point."),
            N_("90 s"),
            N_("Keep the standing glute tight through every pause."),
        ),
        Step(
            N_("Lift each knee slowly and balance for 3 s at the top; hold the desk if you need to."),
            N_("2 rounds of 60 s"),
            N_("Stand tall on the working leg and squeeze its glute while you balance."),
        ),
    ),
    "hip_circles": (
        Step(
            N_("Make the circles bigger and slower, still within what feels comfortable."),
            N_("15 slow circles each way"),
            N_("Squeeze as the hips come forward and let go as they sweep back."),
        ),
        Step(
            N_("Hold the desk, stand on one leg and draw slow circles with the lifted knee."),
            N_("8 circles each way with each leg"),
            N_("Squeeze the glute of the standing leg to keep your hips steady."),
        ),
    ),
    "squats": (
        Step(
            N_("Lower over a slow count of three and pause for 2 s at the bottom."),
            N_("12 slow reps with a 2 s pause"),
            N_("Drive up through your heels and squeeze at the top."),
        ),
        Step(
            N_("Split stance: one foot a stride behind the other, lower straight down, then swap legs."),
            N_("8 reps on each side"),
            N_("Push through the front heel and squeeze that glute as you rise."),
        ),
    ),
    "standing_kickback": (
        Step(
            N_("Hold the leg back for 3 s at the end of each sweep."),
            N_("12 reps each side with a 3 s hold"),
            N_("Keep your lower back still while the glute holds the leg."),
        ),
        Step(
            N_("Bend the standing knee a little and tip forward slightly from the hips before each sweep."),
            N_("15 reps each side"),
            N_("Reach the foot back long and squeeze the moving glute at the end."),
        ),
    ),
    "clamshells": (
        Step(
            N_("Hold the knee open for 3 s at the top of every rep."),
            N_("15 reps each side with a 3 s hold"),
            N_("Keep your hips stacked and feel the squeeze high on the side of the hip."),
        ),
        Step(
            N_("Lift both feet a little off the floor, keep them together, then open and close the knee."),
            N_("15 reps each side"),
            N_("Squeeze the top glute and keep the feet up for the whole set."),
        ),
    ),
    "hip_thrusts": (
        Step(
            N_("Pause for 3 s at the top and lower over a slow count of three."),
            N_("12 reps with a 3 s pause at the top"),
            N_("Keep your ribs down and squeeze through the whole pause."),
        ),
        Step(
            N_("Lift one foot off the floor and press up through the other heel; then swap sides."),
            N_("6 reps on each side"),
            N_("Keep your hips level and squeeze the working glute at the top."),
        ),
    ),
    "single_leg_bridge": (
        Step(
            N_("Stay at the top for 3 s before you lower slowly."),
            N_("10 reps each side with a 3 s hold"),
            N_("Squeeze the working glute through the whole hold."),
        ),
        Step(
            N_("Lower over a slow count of four and touch down lightly before the next lift."),
            N_("12 reps each side"),
            N_("Keep the squeeze on the way down as well as on the way up."),
        ),
    ),
    "side_plank": (
        Step(
            N_("Hold the straight line a little longer."),
            N_("30-40 s each side"),
            N_("Keep the hips forward and up with a steady squeeze."),
        ),
        Step(
            N_("Once steady, lift the top leg a little for the last part of the hold."),
            N_("30 s each side, top leg lifted for the last 10 s"),
            N_("Squeeze both glutes to keep the hips from sinking while the leg lifts."),
        ),
    ),
    "seated_squeeze": (
        Step(
            N_("Hold the armrests or the sides of the seat and squeeze one glute at a time, then both."),
            N_("6 holds of 10 s, changing sides"),
            N_("Feel each side lift you a touch before you squeeze both."),
        ),
        Step(
            N_("Holding on as before, press your feet down into the floor or footplates as you squeeze."),
            N_("6 holds of 15 s"),
            N_("Squeeze as hard as is comfortable and keep breathing through each hold."),
        ),
    ),
    "seated_march": (
        Step(
            N_("Hold the armrests or the sides of the seat and pause for 2 s with each knee up."),
            N_("2 rounds of 45 s"),
            N_("Keep the squeeze on the side of the foot that stays down."),
        ),
        Step(
            N_("Holding on as before, straighten the lifted leg out in front for a beat, then set it down."),
            N_("10 reps each side"),
            N_("Sit tall and squeeze the glute of the leg that stays down."),
        ),
    ),
    "seated_knee_press": (
        Step(
            N_("Hold each push longer, pushing as hard as is comfortable."),
            N_("6 pushes of 10 s"),
            N_("Keep your back tall and the squeeze high on the sides of the hips."),
        ),
        Step(
            N_("Push one knee out at a time against your hand, then both together."),
            N_("3 rounds of left, right and both, 8 s each"),
            N_("Squeeze the side that pushes and keep the other side relaxed."),
        ),
    ),
    "seated_weight_shift": (
        Step(
            N_("Hold the armrests or the seat and stay 3 s on each side."),
            N_("10 slow shifts each side with a 3 s pause"),
            N_("Squeeze the side you rest on through the whole pause."),
        ),
        Step(
            N_("Holding on, let the other hip lift a little off the seat as you shift across."),
            N_("8 slow shifts each side"),
            N_("Squeeze the glute you sit on to lift the other side."),
        ),
    ),
    "seated_lean_squeeze": (
        Step(
            N_(
                "Keep holding on, tip forward a little further (only as far as your arms keep you steady) "
                "and stay there 3 s before you sit up."
            ),
            N_("10 slow reps with a 3 s hold"),
            N_("Squeeze as you come back up and sit tall at the end of each rep."),
        ),
        Step(
            N_(
                "Keep holding on and press your feet into the floor or footplates as you tip forward; "
                "come back up over a slow count of three."
            ),
            N_("10 slow reps"),
            N_("Keep the squeeze all the way up until you sit tall; stop early if it feels unsteady."),
        ),
    ),
}


def family_of(exercise: Exercise) -> Family:
    """The family a move belongs to (a move without one counts as activation)."""
    return FAMILY_OF.get(exercise.key, "activation")


def clamp(level: int) -> int:
    """A stored level brought into 1..MAX_LEVEL."""
    return max(FIRST_LEVEL, min(MAX_LEVEL, level))


def at_level(exercise: Exercise, level: int) -> Dosed:
    """The move as a card shows it at `level` (clamped; a move without steps stays at its level 1)."""
    level = clamp(level)
    steps = STEPS.get(exercise.key)
    if level == FIRST_LEVEL or steps is None:
        return Dosed(exercise, level, None, exercise.dose, exercise.cue)
    step = steps[level - 2]
    return Dosed(exercise, level, step.how, step.dose, step.cue)


def all_levels() -> list[Dosed]:
    """Every level of every library move (for the register and the language checks)."""
    return [at_level(move, level) for move in LIBRARY + SEATED_LIBRARY for level in range(1, MAX_LEVEL + 1)]
