"""The glute-waking moves a break card can show (standing, floor, seated) and how the next one is chosen."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal, get_args

from slackapp.domain.errors import InputError
from slackapp.domain.text import N_

# With floor moves included, a move you can do beside your chair is this many times likelier than a floor
# move: most breaks happen in an office, but the floor moves build more strength, so they still turn up.
DESK_WEIGHT = 3
FLOOR_WEIGHT = 1

# Which moves a person's cards carry: standing desk moves (the default), seated moves only (from a chair
# or a wheelchair), or standing moves with floor moves mixed in.
MovePreference = Literal["standing", "seated", "floor"]
PREFERENCES: tuple[MovePreference, ...] = get_args(MovePreference)
DEFAULT_PREFERENCE: MovePreference = "standing"
PREFERENCE_LABELS: dict[MovePreference, str] = {
    "standing": N_("Standing desk moves"),
    "seated": N_("Seated moves only"),
    "floor": N_("Standing and floor moves"),
}
_PREFERENCE_WORDS: dict[str, MovePreference] = {
    "standing": "standing",
    "stand": "standing",
    "desk": "standing",
    "default": "standing",
    "seated": "seated",
    "seat": "seated",
    "sitting": "seated",
    "sit": "seated",
    "chair": "seated",
    "wheelchair": "seated",
    "floor": "floor",
    "floor-ok": "floor",
    "floor_ok": "floor",
    "floorok": "floor",
    "include-floor": "floor",
    "all": "floor",
}


@dataclass(frozen=True)
class Exercise:
    """One move: what it is, how to do it, how much, and which squeeze to focus on."""

    key: str
    name: str
    emoji: str
    how: str
    dose: str
    cue: str
    needs_floor: bool
    seated: bool = False  # done sitting, from a chair or a wheelchair
    seated_alternative: str | None = None  # key of the seated move that stands in for this one
    easier: str | None = None  # a gentler version, for the floor moves


LIBRARY: tuple[Exercise, ...] = (
    Exercise(
        key="glute_tap",
        name=N_("Glute tap"),
        emoji=":wave:",
        how=(
            N_(
                "Stand up and pat both glutes lightly with your fingertips for a few seconds.\n"
                "The touch tells your brain which muscles you are about to use.\n"
                "Then tighten them, hold, and let go."
            )
        ),
        dose=N_("10 s of tapping, then 5 squeezes of 3 s"),
        cue=N_("Squeeze your glutes as hard as is comfortable for a slow count of three each time."),
        needs_floor=False,
        seated_alternative="seated_squeeze",
    ),
    Exercise(
        key="march_in_place",
        name=N_("Marching in place"),
        emoji=":walking:",
        how=(
            N_(
                "Stand tall and march on the spot, lifting each knee towards hip height.\n"
                "Swing your arms and keep your chest up."
            )
        ),
        dose="60 s",
        cue=N_("Squeeze the glute of your standing leg each time the other knee comes up."),
        needs_floor=False,
        seated_alternative="seated_march",
    ),
    Exercise(
        key="hip_circles",
        name=N_("Hip circles"),
        emoji=":arrows_counterclockwise:",
        how=(
            N_(
                "Stand with your feet hip-width apart and your hands on your hips.\n"
                "Trace big, slow circles with your hips while your shoulders stay quiet."
            )
        ),
        dose=N_("10 slow circles each way"),
        cue=N_("Squeeze your glutes as your hips sweep forward on every circle."),
        needs_floor=False,
        seated_alternative="seated_weight_shift",
    ),
    Exercise(
        key="squats",
        name=N_("Bodyweight squats"),
        emoji=":arrow_up_down:",
        how=(
            N_(
                "Feet about shoulder-width apart, push your hips back and down as if aiming for a chair.\n"
                "Go only as low as feels comfortable, then drive up through your heels."
            )
        ),
        dose=N_("10 slow reps"),
        cue=N_("Stand all the way up and squeeze your glutes at the top of every rep."),
        needs_floor=False,
        seated_alternative="seated_lean_squeeze",
    ),
    Exercise(
        key="glute_squeeze_hold",
        name=N_("Standing glute squeeze"),
        emoji=":muscle:",
        how=(
            N_(
                "Stand tall, feet hip-width apart, knees soft.\n"
                "Tighten both glutes and hold while breathing normally, then relax completely."
            )
        ),
        dose=N_("5 holds of 10 s"),
        cue=N_("Squeeze your glutes as hard as is comfortable, without arching your lower back."),
        needs_floor=False,
        seated_alternative="seated_squeeze",
    ),
    Exercise(
        key="standing_kickback",
        name=N_("Standing hip extension"),
        emoji=":athletic_shoe:",
        how=(
            N_(
                "Hold your desk or the back of a chair that won't roll.\n"
                "With a straight leg, sweep one foot a short way back behind you, then bring it back.\n"
                "Keep the move small so your lower back stays still."
            )
        ),
        dose=N_("12 reps each side"),
        cue=N_("Squeeze the glute of the moving leg as it reaches back, and pause there for a beat."),
        needs_floor=False,
        seated_alternative="seated_lean_squeeze",
    ),
    Exercise(
        key="calf_raise_squeeze",
        name=N_("Calf raise and squeeze"),
        emoji=":arrow_heading_up:",
        how=(
            N_(
                "Stand with a hand on your desk for balance.\n"
                "Rise onto the balls of your feet, hold for a moment, and lower slowly."
            )
        ),
        dose=N_("12 slow reps"),
        cue=N_("Squeeze your glutes at the top of each raise and keep them tight on the way down."),
        needs_floor=False,
        seated_alternative="seated_squeeze",
    ),
    Exercise(
        key="clamshells",
        name=N_("Clamshells"),
        emoji=":shell:",
        how=(
            N_(
                "Lie on your side with knees bent and stacked, heels together.\n"
                "Keeping your feet touching, open the top knee, then close it slowly.\n"
                "Don't let your hips roll backwards."
            )
        ),
        dose=N_("12 reps each side"),
        cue=N_("Squeeze the glute on the top-leg side as the knee opens."),
        needs_floor=True,
        seated_alternative="seated_knee_press",
        easier=N_("Open the knee only a short way, and rest your head on your lower arm."),
    ),
    Exercise(
        key="hip_thrusts",
        name=N_("Hip thrusts"),
        emoji=":arrow_up:",
        how=(
            N_(
                "Rest your upper back on a sofa, or on a bench pushed against a wall, "
                "feet flat, knees bent.\n"
                "Drive your hips up until you're level from shoulders to knees, then lower.\n"
                "No sofa or braced bench? Lie on your back and do it as a floor bridge. Never use a chair."
            )
        ),
        dose=N_("10 reps with a 2 s pause at the top"),
        cue=N_("Squeeze your glutes hard at the top of every rep."),
        needs_floor=True,
        seated_alternative="seated_squeeze",
        easier=N_("Lie on your back instead and lift into a two-leg bridge, shoulders staying down."),
    ),
    Exercise(
        key="single_leg_bridge",
        name=N_("Single-leg glute bridge"),
        emoji=":bridge_at_night:",
        how=(
            N_(
                "Lie on your back, knees bent, feet flat.\n"
                "Straighten one leg, press through the other heel to lift your hips, and lower slowly."
            )
        ),
        dose=N_("8 reps each side"),
        cue=N_("Squeeze the glute of the working leg at the top and keep your hips level."),
        needs_floor=True,
        seated_alternative="seated_weight_shift",
        easier=N_("Keep both feet down: a two-leg bridge, lifting only as high as feels comfortable."),
    ),
    Exercise(
        key="side_plank",
        name=N_("Side plank"),
        emoji=":straight_ruler:",
        how=(
            N_(
                "Lie on your side propped on a forearm, elbow under your shoulder.\n"
                "Lift your hips until your body forms a straight line."
            )
        ),
        dose=N_("20-30 s each side"),
        cue=N_("Squeeze your glutes to keep your hips pressed forward and up."),
        needs_floor=True,
        seated_alternative="seated_knee_press",
        easier=N_("Bend your knees and balance on them instead of your feet: a side plank from the knees."),
    ),
)

SEATED_LIBRARY: tuple[Exercise, ...] = (
    Exercise(
        key="seated_squeeze",
        name=N_("Seated glute squeeze"),
        emoji=":chair:",
        how=(
            N_(
                "Sit tall in a chair that can't roll (or with your wheelchair brakes on), holding the "
                "armrests or the sides of the seat, feet flat on the floor or on your footplates.\n"
                "Tighten both glutes so you rise a touch in the seat, hold, then let them go completely."
            )
        ),
        dose=N_("5 holds of 10 s"),
        cue=N_("Squeeze both glutes evenly and keep breathing through each hold."),
        needs_floor=False,
        seated=True,
    ),
    Exercise(
        key="seated_march",
        name=N_("Seated march"),
        emoji=":drum_with_drumsticks:",
        how=(
            N_(
                "Sit tall in a chair that can't roll (or with your wheelchair brakes on), holding the "
                "armrests or the sides of the seat.\n"
                "Lift one knee a little, set it down, then the other, at an easy marching pace."
            )
        ),
        dose=N_("30 s, a short rest, then 30 s more"),
        cue=N_("Squeeze the glute of the foot that stays down as the other knee lifts."),
        needs_floor=False,
        seated=True,
    ),
    Exercise(
        key="seated_knee_press",
        name=N_("Knees-out press"),
        emoji=":raised_hands:",
        how=(
            N_(
                "Sit back against the backrest of a chair that can't roll (or with your wheelchair brakes "
                "on), knees and feet about hip-width apart.\n"
                "Put your hands on the outsides of your knees and push the knees out against them; "
                "your hands hold the knees still."
            )
        ),
        dose=N_("6 pushes of 5 s"),
        cue=N_("Squeeze the outer glutes, high on the sides of your hips, as you push."),
        needs_floor=False,
        seated=True,
    ),
    Exercise(
        key="seated_weight_shift",
        name=N_("Sitting-bone shift"),
        emoji=":left_right_arrow:",
        how=(
            N_(
                "Sit tall in a chair that can't roll (or with your wheelchair brakes on), holding the "
                "armrests, the sides of the seat or your wheels, and notice the two bony points you sit on.\n"
                "Slowly move your weight onto one of them, then across onto the other, shoulders level."
            )
        ),
        dose=N_("10 slow shifts to each side"),
        cue=N_("Squeeze the glute on the side you shift towards and hold it for a beat."),
        needs_floor=False,
        seated=True,
    ),
    Exercise(
        key="seated_lean_squeeze",
        name=N_("Seated lean and squeeze"),
        emoji=":seat:",
        how=(
            N_(
                "Sit well back in a chair that can't roll (or with your wheelchair brakes on), feet "
                "planted, holding the armrests or the sides of the seat.\n"
                "Keep holding on and tip forward a little from the hips with a long back, only as far as "
                "your arms keep you steady, then sit back up tall."
            )
        ),
        dose=N_("8 slow reps"),
        cue=N_("Squeeze your glutes as you bring yourself back up to sitting tall."),
        needs_floor=False,
        seated=True,
    ),
)

_BY_KEY: dict[str, Exercise] = {exercise.key: exercise for exercise in LIBRARY + SEATED_LIBRARY}


def by_key(key: str) -> Exercise | None:
    """Return the library exercise with this key, or None if there is none."""
    return _BY_KEY.get(key)


def parse_preference(text: str) -> MovePreference:
    """The move preference a person typed ("seated", "chair", "floor-ok", …); a friendly error otherwise."""
    found = _PREFERENCE_WORDS.get(text.strip().lower())
    if found is None:
        raise InputError(
            N_(
                "Pick one of: `standing` (desk moves, the default), `seated` (moves you can do from a chair "
                "or wheelchair) or `floor` (standing moves plus floor moves). Example: `/glutes moves seated`"
            )
        )
    return found


def preference_of(stored: str | None) -> MovePreference:
    """A stored preference, or the default when there is none (or it is one this version doesn't know)."""
    return next((p for p in PREFERENCES if p == stored), DEFAULT_PREFERENCE)


def moves_for(preference: MovePreference) -> tuple[Exercise, ...]:
    """The moves a preference allows: seated ones only, standing desk moves, or those plus floor moves."""
    if preference == "seated":
        return SEATED_LIBRARY
    if preference == "floor":
        return LIBRARY
    return tuple(exercise for exercise in LIBRARY if not exercise.needs_floor)


def seated_alternative(exercise: Exercise) -> Exercise | None:
    """The seated move that stands in for `exercise` (None for a move that is already seated)."""
    return by_key(exercise.seated_alternative) if exercise.seated_alternative else None


def pick_next(
    last_key: str | None, *, seed: int, preference: MovePreference = DEFAULT_PREFERENCE
) -> Exercise:
    """Return a random move the preference allows, other than last_key's; the same arguments give the same
    pick. With floor moves included, desk moves stay likelier (DESK_WEIGHT to FLOOR_WEIGHT)."""
    candidates = [exercise for exercise in moves_for(preference) if exercise.key != last_key]
    weights = [FLOOR_WEIGHT if exercise.needs_floor else DESK_WEIGHT for exercise in candidates]
    return random.Random(seed).choices(candidates, weights=weights, k=1)[0]
