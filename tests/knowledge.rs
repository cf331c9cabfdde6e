//! The knowledge base: every cause of causes.md and the seed article is present and
//! complete, and the medication table matches generic and brand names (one test per row),
//! with dose text, any case, combinations and inhaled or topical steroids.

use cramp_diary::knowledge::{cause, classify_medication, condition_causes, knowledge, medication_classes, DrugClass};

/// Every cause id of causes.md.
const CAUSE_IDS: &[&str] = &[
    "aging",
    "muscle_fatigue",
    "dehydration",
    "loop_diuretic",
    "thiazide_diuretic",
    "potassium_sparing_diuretic",
    "statin",
    "laba",
    "bisphosphonate",
    "osteoporosis_other",
    "corticosteroid",
    "chemotherapy",
    "other_drug",
    "nerve_compression",
    "pad",
    "dvt",
    "neuropathy",
    "diabetes",
    "kidney_disease",
    "thyroid",
    "electrolytes",
    "restless_legs",
];

#[test]
fn every_cause_is_present_and_complete() {
    let kb = knowledge();
    assert_eq!(kb.causes.len(), CAUSE_IDS.len());
    for id in CAUSE_IDS {
        let c = cause(id).unwrap_or_else(|| panic!("missing cause {id}"));
        assert!(!c.name.is_empty() && c.explanation.len() > 60, "{id}: explanation");
        assert!(!c.evidence.is_empty() && !c.evidence_note.is_empty(), "{id}: evidence");
        assert!(!c.onset.text.is_empty(), "{id}: onset");
        assert!(!c.diary_shows.is_empty(), "{id}: diary_shows");
        assert!(!c.helps.is_empty(), "{id}: helps");
        let all = format!("{} {}", c.explanation, c.helps.join(" ")).to_lowercase();
        assert!(
            !all.contains("stop taking") && !all.contains("stop your"),
            "{id}: never tell anyone to stop a medicine"
        );
    }
}

#[test]
fn drug_classes_have_onset_windows() {
    // The drug classes stand together in CAUSE_IDS, from the loop diuretics to "other_drug".
    let drugs = &CAUSE_IDS[3..13];
    assert_eq!((drugs[0], drugs[drugs.len() - 1]), ("loop_diuretic", "other_drug"));
    for id in drugs {
        let c = cause(id).unwrap();
        let (lo, hi) = (c.onset.min_days.unwrap(), c.onset.max_days.unwrap());
        assert!(lo <= hi, "{id}");
    }
    assert_eq!(cause("thiazide_diuretic").unwrap().onset.min_days, Some(14));
    assert_eq!(cause("thiazide_diuretic").unwrap().onset.max_days, Some(84));
    assert_eq!(cause("statin").unwrap().onset.after_stop_days, Some(14));
}

#[test]
fn every_cause_the_seed_article_names_is_recognisable() {
    // Names as the seed article writes them → cause id.
    let seed = [
        ("aging", "aging"),
        ("muscle atrophy", "aging"),
        ("nerve compression", "nerve_compression"),
        ("lumbar spinal stenosis", "nerve_compression"),
        ("peripheral artery disease", "pad"),
        ("diabetes", "diabetes"),
        ("kidney disease", "kidney_disease"),
        ("thyroid disorders", "thyroid"),
        ("deep vein thrombosis", "dvt"),
        ("neuropathy", "neuropathy"),
        ("electrolyte imbalances", "electrolytes"),
        ("muscle fatigue", "muscle_fatigue"),
        ("dehydration", "dehydration"),
        ("diuretics", "thiazide_diuretic"),
        ("diuretics", "loop_diuretic"),
        ("statins", "statin"),
        ("bisphosphonates", "bisphosphonate"),
        ("medications for osteoporosis", "osteoporosis_other"),
        ("corticosteroids", "corticosteroid"),
        ("chemotherapy", "chemotherapy"),
    ];
    for (name, id) in seed {
        let c = cause(id).unwrap();
        assert!(c.seed_names.iter().any(|s| s == name), "{name} not listed under {id}");
    }
}

fn assert_classes(name: &str, want: &[&str]) {
    assert_eq!(medication_classes(name), want, "{name}");
}

macro_rules! row {
    ($test:ident, $class:literal, [$($name:literal),+ $(,)?]) => {
        #[test]
        fn $test() {
            for n in [$($name),+] {
                assert_classes(n, &[$class]);
                assert_classes(&n.to_uppercase(), &[$class]);
                assert_classes(&format!("{} 20 mg tablet", n.to_lowercase()), &[$class]);
            }
        }
    };
}

// One test per row of the medication table in causes.md (generic and brand names).
row!(
    row_loop_diuretic,
    "loop_diuretic",
    ["furosemide", "Lasix", "bumetanide", "Bumex", "torsemide", "Demadex", "ethacrynic acid", "Edecrin"]
);
row!(
    row_thiazide_diuretic,
    "thiazide_diuretic",
    [
        "hydrochlorothiazide",
        "HCTZ",
        "Microzide",
        "chlorthalidone",
        "Thalitone",
        "chlorothiazide",
        "Diuril",
        "indapamide",
        "Lozol",
        "metolazone",
        "Zaroxolyn"
    ]
);
row!(
    row_potassium_sparing_diuretic,
    "potassium_sparing_diuretic",
    ["spironolactone", "Aldactone", "eplerenone", "Inspra", "triamterene", "Dyrenium", "amiloride", "Midamor"]
);
row!(
    row_statin,
    "statin",
    [
        "atorvastatin",
        "Lipitor",
        "simvastatin",
        "Zocor",
        "rosuvastatin",
        "Crestor",
        "pravastatin",
        "Pravachol",
        "lovastatin",
        "Mevacor",
        "fluvastatin",
        "Lescol",
        "pitavastatin",
        "Livalo",
        "ezetimibe/simvastatin",
        "Vytorin"
    ]
);
row!(
    row_laba,
    "laba",
    [
        "salmeterol",
        "Serevent",
        "formoterol",
        "Foradil",
        "vilanterol",
        "olodaterol",
        "Striverdi",
        "indacaterol",
        "arformoterol",
        "Brovana",
        "fluticasone/salmeterol",
        "Advair",
        "Seretide",
        "budesonide/formoterol",
        "Symbicort",
        "mometasone/formoterol",
        "Dulera",
        "fluticasone/vilanterol",
        "Breo",
        "umeclidinium/vilanterol",
        "Anoro"
    ]
);
row!(
    row_bisphosphonate,
    "bisphosphonate",
    [
        "alendronate",
        "Fosamax",
        "risedronate",
        "Actonel",
        "ibandronate",
        "Boniva",
        "zoledronic acid",
        "Reclast",
        "Zometa",
        "pamidronate",
        "Aredia",
        "etidronate",
        "Didronel"
    ]
);
row!(
    row_osteoporosis_other,
    "osteoporosis_other",
    ["raloxifene", "Evista", "teriparatide", "Forteo", "Forsteo", "denosumab", "Prolia", "Xgeva"]
);
row!(
    row_corticosteroid,
    "corticosteroid",
    [
        "prednisone",
        "prednisolone",
        "methylprednisolone",
        "Medrol",
        "dexamethasone",
        "Decadron",
        "hydrocortisone",
        "Cortef",
        "fludrocortisone",
        "Florinef"
    ]
);
row!(
    row_chemotherapy,
    "chemotherapy",
    ["cisplatin", "carboplatin", "oxaliplatin", "cetuximab", "Erbitux", "panitumumab", "Vectibix", "vincristine"]
);
row!(
    row_other_drug,
    "other_drug",
    [
        "iron sucrose",
        "Venofer",
        "conjugated estrogens",
        "Premarin",
        "naproxen",
        "Naprosyn",
        "Aleve",
        "clonazepam",
        "Klonopin",
        "citalopram",
        "Celexa",
        "celecoxib",
        "Celebrex",
        "gabapentin",
        "Neurontin",
        "zolpidem",
        "Ambien",
        "omeprazole",
        "Prilosec",
        "esomeprazole",
        "Nexium",
        "lansoprazole",
        "Prevacid",
        "pantoprazole",
        "Protonix",
        "rabeprazole",
        "AcipHex",
        "dexlansoprazole",
        "Dexilant"
    ]
);

#[test]
fn dose_text_and_case_are_ignored() {
    assert_classes("LASIX 40 mg tablet", &["loop_diuretic"]);
    assert_classes("furosemide40mg", &["loop_diuretic"]);
    assert_classes("Hydrochlorothiazide 12.5mg once daily", &["thiazide_diuretic"]);
    assert_classes("  atorvastatin (Lipitor) 20 MG  ", &["statin"]);
    assert_classes("hCtZ", &["thiazide_diuretic"]);
}

#[test]
fn combination_products_map_to_every_class() {
    assert_classes("Dyazide", &["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert_classes("Maxzide 37.5/25", &["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert_classes("Aldactazide", &["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert_classes("triamterene/HCTZ", &["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert_classes("spironolactone + hydrochlorothiazide", &["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert_classes("losartan/hydrochlorothiazide", &["thiazide_diuretic"]);
    assert_classes("Vytorin 10/40", &["statin"]);
}

#[test]
fn inhaled_and_topical_steroids_are_not_systemic() {
    // LABA combinations with an inhaled steroid: laba only.
    for n in ["Advair Diskus 250/50", "Symbicort 160/4.5 inhaler", "Seretide", "Breo Ellipta", "Dulera"] {
        assert_classes(n, &["laba"]);
    }
    for n in [
        "fluticasone inhaler",
        "budesonide inhaler",
        "beclomethasone",
        "Qvar",
        "Flonase nasal spray",
        "mometasone",
        "hydrocortisone cream 1%",
        "dexamethasone eye drops",
        "prednisolone eye drops",
        "topical hydrocortisone",
        "hydrocortisone ointment",
    ] {
        let m = classify_medication(n);
        assert!(!m.has_class(DrugClass::Corticosteroid), "{n} counted as systemic: {m:?}");
        assert!(m.recognised(), "{n} should still be recognised");
    }
    assert!(classify_medication("hydrocortisone cream").non_systemic_steroid);
    // Tablets still count.
    assert_classes("prednisolone 5 mg tablets", &["corticosteroid"]);
    assert_classes("hydrocortisone 10mg", &["corticosteroid"]);
}

#[test]
fn unknown_drugs_have_no_class() {
    for n in [
        "metoprolol",
        "Metoprolol succinate 50 mg",
        "amlodipine",
        "Norvasc",
        "lisinopril",
        "paracetamol",
        "",
        "vitamin D",
    ] {
        assert!(medication_classes(n).is_empty(), "{n}");
    }
    assert!(!classify_medication("metoprolol").recognised());
}

#[test]
fn red_flag_tags() {
    assert!(classify_medication("Evista").has_tag("clot_risk"));
    assert!(classify_medication("Premarin 0.625 mg").has_tag("clot_risk"));
    assert!(classify_medication("estradiol patch").has_tag("clot_risk"));
    for n in ["cisplatin", "Erbitux", "Vectibix"] {
        assert!(classify_medication(n).has_tag("magnesium_wasting"), "{n}");
    }
    assert!(!classify_medication("carboplatin").has_tag("magnesium_wasting"));
    assert!(classify_medication("Prolia").has_tag("low_calcium"));
}

#[test]
fn conditions_map_to_causes() {
    let cases: &[(&str, &[&str])] = &[
        ("type 2 diabetes", &["diabetes"]),
        ("Diabetes mellitus type 1", &["diabetes"]),
        ("lumbar spinal stenosis", &["nerve_compression"]),
        ("herniated disc L4/L5", &["nerve_compression"]),
        ("sciatica", &["nerve_compression"]),
        ("peripheral artery disease", &["pad"]),
        ("PAD", &["pad"]),
        ("hypothyroidism", &["thyroid"]),
        ("underactive thyroid", &["thyroid"]),
        ("chronic kidney disease stage 3", &["kidney_disease"]),
        ("CKD", &["kidney_disease"]),
        ("on dialysis", &["kidney_disease"]),
        ("peripheral neuropathy", &["neuropathy"]),
        ("diabetic neuropathy", &["neuropathy", "diabetes"]),
        ("breast cancer on chemo", &["chemotherapy"]),
        ("colorectal cancer", &["chemotherapy"]),
        ("restless legs syndrome", &["restless_legs"]),
        ("DVT 2019", &["dvt"]),
        ("low magnesium", &["electrolytes"]),
    ];
    for (text, want) in cases {
        let mut got = condition_causes(text);
        got.sort_unstable();
        let mut want = want.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{text}");
    }
    for text in ["high blood pressure", "osteoarthritis", "keypad injury", "hyperthyroid eye", ""] {
        let got = condition_causes(text);
        assert!(!got.contains(&"pad") && !got.contains(&"thyroid") || text.contains("thyroid"), "{text}: {got:?}");
    }
    assert!(condition_causes("high blood pressure").is_empty());
}
