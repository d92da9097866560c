"""The recipient line and the postal address of an envelope to a Russian prison."""

import pytest

from lettermanager.domain.addressing import (
    BAD_POSTCODE,
    NO_POSTCODE,
    NO_STREET,
    address_problems,
    dative_name,
    detect_sex,
    postal_address,
    recipient_line,
    split_full_name,
)


@pytest.mark.parametrize(("name", "dative"), [
    ("Кагарлицкий Борис Юльевич", "Кагарлицкому Борису Юльевичу"),
    ("Горинов Алексей Александрович", "Горинову Алексею Александровичу"),
    ("Навальный Алексей Анатольевич", "Навальному Алексею Анатольевичу"),
    ("Петрова Мария Ивановна", "Петровой Марии Ивановне"),
    ("Беркович Евгения Борисовна", "Беркович Евгении Борисовне"),  # a woman's -ич stays
    ("Скочиленко Александра Юрьевна", "Скочиленко Александре Юрьевне"),  # -енко never declines
    ("Шевченко Тарас Григорьевич", "Шевченко Тарасу Григорьевичу"),
    ("Ковальчук Олег Петрович", "Ковальчуку Олегу Петровичу"),
    ("Ковальчук Олена Петрівна", "Ковальчук Олене Петрівне"),  # a woman's -ук stays
    ("Яшин Илья Валерьевич", "Яшину Илье Валерьевичу"),
])
def test_the_name_is_declined_into_the_dative(name, dative):
    assert dative_name(name) == dative


def test_the_recipient_line_has_the_birth_year():
    assert recipient_line("Кагарлицкий Борис Юльевич", 1958) == \
        "Кагарлицкому Борису Юльевичу, 1958 г.р."
    assert recipient_line("Кагарлицкий Борис Юльевич", None) == "Кагарлицкому Борису Юльевичу"


def test_without_a_patronymic_the_first_name_tells_the_sex():
    assert detect_sex(split_full_name("Пинчук Ирина")) == "female"
    assert dative_name("Пинчук Ирина") == "Пинчук Ирине"
    assert dative_name("Мифтахов Азат") == "Мифтахову Азату"


def test_the_given_sex_overrides_the_name():
    assert dative_name("Шевченко Саша", "female") == "Шевченко Саше"
    assert dative_name("Ковальчук Саша", "male") == "Ковальчуку Саше"
    assert dative_name("Ковальчук Саша", "female") == "Ковальчук Саше"


def test_latin_and_empty_names_are_left_as_written():
    assert dative_name("Smith John") == "Smith John"
    assert dative_name("   ") == ""
    assert recipient_line("", 1990) == ""


def test_the_address_is_in_russian_postal_order_with_the_postcode_last():
    address = postal_address("ФКУ ИК-6 УФСИН России по Республике Коми", "ул. Лесная, д. 1",
                             "пос. Микунь", "Республика Коми", "Россия", "169060")
    assert address.lines == ["ФКУ ИК-6 УФСИН России по Республике Коми", "ул. Лесная, д. 1",
                             "пос. Микунь", "Республика Коми"]
    assert address.text().splitlines()[-1] == "169060"
    assert address_problems(address) == []
    abroad = postal_address("ИК-1", "ул. 1", "Город", None, "Россия", "123456",
                            include_country=True)
    assert abroad.lines[-1] == "РОССИЯ"


def test_a_region_equal_to_the_city_is_written_once():
    address = postal_address("СИЗО-1", "ул. Матросская Тишина, 18", "Москва", "Москва",
                             "Россия", "107076")
    assert address.lines.count("Москва") == 1


def test_what_the_post_needs_and_the_address_lacks_is_named():
    assert address_problems(postal_address("ИК-1", None, None, None, "Россия", None)) == \
        [NO_POSTCODE, NO_STREET]
    assert BAD_POSTCODE in address_problems(
        postal_address("ИК-1", "ул. 1", None, None, "Россия", "12345"))
