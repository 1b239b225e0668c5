"""Each repair on real snippets from the samples (and, for damage the samples lack, on
sample sentences damaged the way other minutes are)."""

from raadsrum.archive.parsing import repair


def test_a_word_split_without_a_hyphen_is_joined_when_the_join_is_a_word(words):
    text = (
        "Anledning Situationen på det nordjyske  arbejdsmarked  er markant  påvirket af "
        "neddroslin\ngen af aktiviteten i  en række sektorer"
    )
    joined, count = repair.join_split_words(text, words)
    assert "påvirket af neddroslingen af aktiviteten" in joined
    assert count == 1


def test_a_word_split_with_a_hyphen_is_joined_without_it(words):
    joined, _ = repair.join_split_words("påvirket af neddroslin-\ngen af aktiviteten", words)
    assert joined == "påvirket af neddroslingen af aktiviteten"


def test_two_words_at_a_line_break_stay_two_words(words):
    text = "Rådets  bemærkninger i fo rhold til\nfokusområder og initiativer"
    joined, count = repair.join_split_words(text, words)
    assert "til fokusområder" in joined.replace("\n", " ")
    assert count == 0


def test_a_compound_split_inside_its_first_part_is_joined(words):
    text = "Webinarer er fremadrettet et godt supplement til RARs sædvanlige red\nskabsvifte."
    joined, _ = repair.join_split_words(text, words)
    assert "sædvanlige redskabsvifte." in joined


def test_a_real_hyphen_at_a_line_end_is_kept(words):
    joined, _ = repair.join_split_words(
        "samarbejde på tværs af kommuner, a-\nkasser, uddannelsesinstitutioner", words
    )
    assert "kommuner, a-kasser, uddannelsesinstitutioner" in joined
    joined, _ = repair.join_split_words("for AMK Midt-\n\nNords virksomhedsservice", words)
    assert "AMK Midt-Nords virksomhedsservice" in joined
    joined, _ = repair.join_split_words("opholds- og arbejds-\nog opholdstilladelse", words)
    assert "arbejds-\nog" in joined


def test_an_acronym_compound_that_lost_its_hyphen_gets_it_back(words):
    joined, _ = repair.join_split_words(
        "hvordan on-linemodeller kan supplere VEU\nindsatsen.", words
    )
    assert "supplere VEU-indsatsen." in joined


def test_a_word_split_across_a_page_break_is_joined_after_the_furniture_goes(words):
    text = (
        "udnytte  de  samlede res\n\n \n\n"
        "https://rar-bm.dk/rar-nordjylland/om-rar-nordjylland/moeder/\n"
        " Referat af RAR Nordjyllands møde den 4. juni 2020 \n\n"
        "sourcer, så Rådets næstformænd støtter"
    )
    text, _ = repair.remove_page_furniture(text)
    text = repair.remove_repeated_links(
        "se https://rar-bm.dk/rar-nordjylland/om-rar-nordjylland/moeder/ \n" + text
    ).text
    joined, _ = repair.join_split_words(text, words)
    assert "de samlede ressourcer, så" in repair.collapse_spaces(joined.replace("\n", " "))


def test_a_header_repeated_on_every_page_is_removed_with_the_page_numbers():
    page = "Referat af RAR Nordjyllands møde den 4. juni 2020"
    text = "\n".join(
        [
            page,
            "Anledning tekst en.",
            "15",
            page,
            "mere tekst.",
            page,
            "Side 3 af 27",
            "sidste tekst.",
        ]
    )
    cleaned, removed = repair.remove_page_furniture(text)
    assert cleaned.split() == ["Anledning", "tekst", "en.", "mere", "tekst.", "sidste", "tekst."]
    assert removed == 5


def test_a_repeated_line_is_found_by_repetition_even_without_a_known_pattern():
    lines = [
        "Arbejdsmarkedskontor Midt-Nord · Side",
        "tekst a",
        "Arbejdsmarkedskontor Midt-Nord · Side",
        "tekst b",
        "Arbejdsmarkedskontor Midt-Nord · Side",
    ]
    assert repair.find_repeated_lines("\n".join(lines)) == {"Arbejdsmarkedskontor Midt-Nord · Side"}


def test_a_repeated_field_is_not_mistaken_for_a_page_header():
    text = "\n".join(["Bilag Ingen bilag til punktet."] * 4)
    assert repair.find_repeated_lines(text) == set()


def test_links_repeated_at_a_page_end_are_removed_and_kept_as_links():
    text = (
        "Fremsat lovforslag kan findes her: \n"
        " https://www.ft.dk/ripdf/samling/20191/lovforslag/l188/20191_l188_som_fremsat.pdf \n"
        "RARs jobcenterindblik giver Rådet et overblik. Rapporten bidrager \n\n"
        "https://www.ft.dk/ripdf/samling/20191/lovforslag/l188/20191_l188_som_fremsat.pdf\n"
        " derved med vigtig viden til Rådets arbejde"
    )
    result = repair.remove_repeated_links(text)
    assert result.text.count("20191_l188_som_fremsat.pdf") == 1
    assert result.removed == 1
    assert result.links == [
        "https://www.ft.dk/ripdf/samling/20191/lovforslag/l188/20191_l188_som_fremsat.pdf"
    ]


def test_a_link_block_with_the_same_address_twice_is_removed():
    text = (
        "Bilag: Se nyheder\n"
        "https://rar-bm.dk/rar-nordjylland/nyheder/2023/a/\n"
        "https://rar-bm.dk/rar-nordjylland/nyheder/2023/a/\n"
        " løsninger på rekrutteringsudfordringer."
    )
    assert "https" not in repair.remove_repeated_links(text).text


def test_the_table_of_contents_with_dot_leaders_is_parsed_and_removed():
    text = (
        "Dagsordenspunkter: \n\n"
        "0A. Arbejdsmarked og beskæftigelsesindsats i lyset af COVID-19 - overblik og "
        "initiativer. (Oplæg + D).3 \n\n"
        "1. Rådets interne fokus: strategi, indsats, opfølgning mv..........................4\n\n"
        "- 1.1.1 Referater til orientering (O)...................................4\n\n"
        "- 1.2.1 Dagsorden for dagens møde (B) .................................\n\n"
        "- 3.1.1 Status på branchenedslag i 2020 – herunder anvendelse af webinarer (D/B)"
        " ....17\n\n"
        "OBS: For at øge overskueligheden er der i indholdsfortegnelsen en markering"
    )
    kept, entries = repair.remove_table_of_contents(text)
    assert kept.strip().startswith("OBS: For at øge")
    assert [(e.number, e.kinds, e.has_presentation, e.page) for e in entries] == [
        ("0A", ["D"], True, 3),
        ("1", [], False, 4),
        ("1.1.1", ["O"], False, 4),
        ("1.2.1", ["B"], False, None),
        ("3.1.1", ["D", "B"], False, 17),
    ]
    assert entries[0].title == (
        "Arbejdsmarked og beskæftigelsesindsats i lyset af COVID-19 - overblik og initiativer."
    )
    assert entries[1].is_section


def test_a_tab_indented_table_of_contents_at_the_end_is_removed():
    text = (
        "Mødet sluttede klokken 16.\n\n"
        "\t1. Rådets interne fokus: strategi, indsats, opfølgning mv.\n"
        "\t- 1.1.1 Referater til orientering (O)\n"
        "\t- 1.2.1 Dagsorden for dagens møde (B)\n"
    )
    kept, entries = repair.remove_table_of_contents(text)
    assert kept.strip() == "Mødet sluttede klokken 16."
    assert [e.number for e in entries] == ["1", "1.1.1", "1.2.1"]


def test_a_heading_over_two_lines_becomes_one():
    text = (
        " 0.1 TEMA: De unge uden uddannelse og beskæftigelse – viden om gruppen, potentialer "
        "og \n\nindspil til RAR’s videre indsats (B + oplæg)  \n\nSagen kort: Rådet udpegede"
    )
    joined, count = repair.join_split_headings(text)
    assert joined.split("\n")[0].endswith(
        "potentialer og indspil til RAR’s videre indsats (B + oplæg)"
    )
    assert count == 1


def test_a_section_heading_followed_by_an_item_is_not_joined_to_it():
    text = "1. Rådets interne fokus: strategi, indsats, opfølgning mv. \n\n- 1.1.1 Referater (O)"
    assert repair.join_split_headings(text) == (text, 0)


def test_kind_markers_give_kinds_in_order_and_the_presentation_flag():
    assert repair.parse_kind_marker("(Oplæg + D)") == (["D"], True)
    assert repair.parse_kind_marker("(B + oplæg)") == (["B"], True)
    assert repair.parse_kind_marker("(D/B)") == (["D", "B"], False)
    assert repair.parse_kind_marker("(D+O)") == (["D", "O"], False)
    assert repair.parse_kind_marker("(O/D)") == (["O", "D"], False)


def test_labels_stacked_in_a_column_are_given_their_contents_in_order():
    text = (
        "Anledning\nIndstilling\nBeslutning\n\n"
        "Referater fra seneste Råds- og Formandskabsmøder fremlægges til orientering.\n\n"
        "Formandskabet indstiller, at Rådet tager referaterne til efterretning.\n\n"
        "Rådet tog referaterne til efterretning.\n\n- 1.2.1 Dagsorden for dagens møde (B)"
    )
    fixed, count = repair.split_stacked_labels(text)
    assert count == 1
    lines = [line for line in fixed.split("\n") if line.strip()]
    assert lines[:3] == [
        "Anledning: Referater fra seneste Råds- og Formandskabsmøder fremlægges til orientering.",
        "Indstilling: Formandskabet indstiller, at Rådet tager referaterne til efterretning.",
        "Beslutning: Rådet tog referaterne til efterretning.",
    ]


def test_letter_spaced_words_from_slides_are_joined(words):
    joined, count = repair.join_letter_spaced_words("B eskæft ige lsen i Nordjylland", words)
    assert joined == "Beskæftigelsen i Nordjylland"
    joined, _ = repair.join_letter_spaced_words(
        "efterspørgsel på R ådets  viden; at der  nu s kal  udpeges", words
    )
    assert "på Rådets" in joined and "nu skal udpeges" in repair.collapse_spaces(joined)


def test_ordinary_words_are_not_letter_spaced(words):
    line = "Rekruttering gennem partsafklarede og meritgivende opkvalificeringsforløb (D+O)"
    assert repair.join_letter_spaced_words(line, words) == (line, 0)
    line = "Rådets aktiviteter i 2022 og RARs jobcenterindblik"
    assert repair.join_letter_spaced_words(line, words) == (line, 0)


def test_letters_swapped_by_the_pdf_font_are_mended_into_danish_words(words):
    damaged = (
        "Referat af RAR @stjyllands mgde den 29. september 2022. Radet tog "
        "referaterne til efterretning. Radets naestformand deltog i mgdet."
    )
    result = repair.repair_font_swaps(damaged, words)
    assert result.text == (
        "Referat af RAR Østjyllands møde den 29. september 2022. Rådet tog "
        "referaterne til efterretning. Rådets næstformand deltog i mødet."
    )


def test_a_font_swap_seen_only_once_in_a_danish_text_is_left_alone(words):
    text = "Rådet tog orienteringen til efterretning. Mødet blev holdt i Sæby med Radet."
    assert repair.repair_font_swaps(text, words).text == text


def test_names_and_addresses_are_not_mended(words):
    text = (
        "Søndergaard og Holmgaard deltog. Rådets mgde: "
        "https://rar-bm.dk/rar-oestjylland/faelles-ambition-paa-ungeomraadet/ mgdet"
    )
    result = repair.repair_font_swaps(text, words)
    assert "Søndergaard og Holmgaard" in result.text
    assert "faelles-ambition-paa-ungeomraadet" in result.text
    assert "Rådets møde" in result.text


def test_characters_are_normalised():
    assert repair.normalise_characters("a\r\nb\u00a0c\uf0b7 d\ufb01n") == "a\nb c• dfin"


def test_the_word_list_accepts_compounds_it_does_not_list(words):
    assert "beskæftigelsesindsats" in words or words.is_word("beskæftigelsesindsats")
    assert words.is_word("strategidrøftelser")
    assert not words.is_word("ogdem")
    assert len(words) > 200_000
