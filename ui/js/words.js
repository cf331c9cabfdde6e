// Generated from src/words.rs by `cargo test --test words` (CRAMP_WRITE_WORDS=1): do not edit.

export const TIERS = Object.freeze({
  "emergency": "Call emergency services now",
  "urgent": "See a doctor or nurse today",
  "next_visit": "Mention at your next visit",
  "info": "For your information",
});
export const VERDICTS = Object.freeze({
  "likely_link": "Likely linked",
  "possible_link": "Possibly linked",
  "no_clear_link": "No clear link",
  "not_enough_data": "Not enough nights yet to tell",
  "inconclusive": "Cannot tell yet: some nights are missing",
});
export const TRENDS = Object.freeze({
  "rising": "Getting more frequent",
  "falling": "Getting less frequent",
  "stable": "About the same",
  "not_enough_data": "Not enough nights yet to tell",
});
export const SIDES = Object.freeze({
  "left": "Left",
  "right": "Right",
  "both": "Both",
});
export const MUSCLES = Object.freeze({
  "calf": "Calf",
  "foot": "Foot",
  "thigh": "Thigh (front)",
  "hamstring": "Back of the thigh",
  "shin": "Shin",
  "other": "Somewhere else",
});
export const RELIEFS = Object.freeze({
  "stretching": "Stretching",
  "walking": "Walking",
  "massage": "Massage",
  "heat": "Heat",
  "cold": "Cold",
  "medication": "Medication",
  "nothing": "Nothing helped",
  "other": "Something else",
});
export const FLUID_KINDS = Object.freeze({
  "water": "Water",
  "electrolyte": "Electrolyte drink",
  "coffee_tea": "Coffee or tea",
  "alcohol": "Alcohol",
  "other": "Other drink",
});
export const SYMPTOMS = Object.freeze({
  "calf_swelling": "Swelling in a calf",
  "leg_redness": "Redness on a leg",
  "leg_warmth": "A leg felt warm to the touch",
  "calf_tenderness": "Calf tender when pressed",
  "persistent_pain": "Leg pain that did not go away",
  "cold_pale_leg": "A leg looked pale or felt cold",
  "breathlessness_or_chest_pain": "Short of breath or chest pain",
  "saddle_numbness_or_bladder_change": "Numbness between the legs or changes in passing water",
  "pain_when_walking": "Leg pain when walking",
  "numbness_tingling": "Numbness or tingling",
  "muscle_weakness": "Muscle weakness",
  "urge_to_move_legs": "Restless urge to move the legs",
  "cramp_over_10_min": "A cramp that lasted more than 10 minutes",
});
export const BACKUP_KINDS = Object.freeze({
  "daily": "Daily copy",
  "manual": "Made by you",
  "before_restore": "Before a restore",
});

/** Millilitres in one US fluid ounce. */
export const ML_PER_FL_OZ = 29.5735295625;
