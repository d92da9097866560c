"""Generate a large LetterManager database for performance work.

    python scripts/generate_large_db.py DATA_DIR [--letters 100000] [--prisoners 2000] ...

The data directory must not hold a database yet. The schema comes from the app itself
(`Database.open(..., seed=False)`); the rows are bulk inserted with executemany in one
transaction. Names, facilities and dates look like real ones (Russian names with their Latin
spelling, partial dates kept to the year or the month for some letters), and every record passes
the schema's CHECK constraints and foreign keys. The same --seed gives the same database.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from lettermanager.domain import enums
from lettermanager.paths import DataPaths
from lettermanager.store.database import Database
from lettermanager.store.models import (
    CensorshipEvent,
    Correspondent,
    CustodyStay,
    Facility,
    Letter,
    Prisoner,
    Translation,
)
from lettermanager.store.search_index import register_functions

SURNAMES = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов "
    "Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев "
    "Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв "
    "Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков "
    "Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров "
    "Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов "
    "Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов "
    "Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин "
    "Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв "
    "Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев "
    "Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов "
    "Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов "
    "Анисимов Ерошин Пахомов Шевченко Коваленко Бондаренко Ткаченко Кравченко Олейник"
).split()
MALE_NAMES = (
    "Александр Алексей Андрей Антон Борис Вадим Валерий Василий Виктор Владимир Владислав "
    "Вячеслав Геннадий Георгий Глеб Григорий Даниил Денис Дмитрий Евгений Егор Иван Игорь "
    "Илья Кирилл Константин Лев Леонид Максим Михаил Никита Николай Олег Павел Пётр Роман "
    "Руслан Святослав Сергей Станислав Степан Тимур Фёдор Юрий Ярослав"
).split()
FEMALE_NAMES = (
    "Александра Алина Алла Анастасия Анна Валентина Валерия Вера Виктория Галина Дарья "
    "Евгения Екатерина Елена Елизавета Жанна Зоя Ирина Ксения Лариса Любовь Людмила "
    "Маргарита Марина Мария Надежда Наталья Нина Ольга Полина Светлана Софья Татьяна Юлия"
).split()
CITIES = (
    ("Москва", "Москва"), ("Санкт-Петербург", "Санкт-Петербург"),
    ("Владимир", "Владимирская область"), ("Сыктывкар", "Республика Коми"),
    ("Казань", "Республика Татарстан"), ("Екатеринбург", "Свердловская область"),
    ("Новосибирск", "Новосибирская область"), ("Омск", "Омская область"),
    ("Челябинск", "Челябинская область"), ("Пермь", "Пермский край"),
    ("Красноярск", "Красноярский край"), ("Иркутск", "Иркутская область"),
    ("Ростов-на-Дону", "Ростовская область"), ("Саратов", "Саратовская область"),
    ("Тверь", "Тверская область"), ("Рязань", "Рязанская область"),
    ("Мордовия, Явас", "Республика Мордовия"), ("Оренбург", "Оренбургская область"),
    ("Симферополь", "Республика Крым"), ("Хабаровск", "Хабаровский край"),
    ("Ижевск", "Удмуртская Республика"), ("Киров", "Кировская область"),
    ("Мурманск", "Мурманская область"), ("Архангельск", "Архангельская область"),
)
KIND_PREFIX = {
    "police_cell": "ИВС", "pretrial_detention": "СИЗО-", "penal_colony": "ИК-",
    "colony_settlement": "КП-", "prison": "Тюрьма №", "prison_hospital": "ЛИУ-",
    "transit": "Транзитно-пересыльный пункт №", "other": "Учреждение №",
}
KIND_WEIGHTS = {
    "police_cell": 4, "pretrial_detention": 30, "penal_colony": 45, "colony_settlement": 6,
    "prison": 5, "prison_hospital": 4, "transit": 4, "other": 2,
}
TITLES_RU = (
    "Письмо из {place}", "Ответ на письмо от {month}", "Про здоровье и передачи",
    "О суде и апелляции", "Новости из дома", "Открытка к празднику", "Про книги и журналы",
    "Благодарность за поддержку", "О переводе в другой отряд", "Про свидания и звонки",
    "Длинное письмо о жизни в {place}", "Просьба прислать лекарства", "Письмо ко дню рождения",
    "Ответ друзьям из {city}", "Про этап и новое место", "Заявление для прессы",
)
TITLES_EN = (
    "Letter of support from {city}", "Birthday card", "Reply about the appeal",
    "News from the solidarity campaign", "Books we are sending", "Letter from {place}",
)
BODY_RU = (
    "Здравствуй, дорогая! Получил твоё письмо, спасибо за фотографии. ",
    "У меня всё нормально, здоровье в порядке, читаю много книг. ",
    "Передачу получил, всё дошло, кроме журналов — их не пропустили. ",
    "Суд назначен на следующий месяц, адвокат говорит, что шансов мало. ",
    "Пиши чаще, письма здесь — главная радость. ",
    "Передавай привет всем друзьям и скажи, что я держусь. ",
    "Погода стала холоднее, в камере сквозняк, но одеяло тёплое. ",
    "Обнимаю, твой папа.",
)
BODY_EN = (
    "Dear friend, we are thinking of you every day. ",
    "The campaign has collected more signatures and the petition goes to the court next week. ",
    "We are sending a parcel with books and warm socks. ",
    "Please write back when you can; we will publish your letter if you agree. ",
)
CORRESPONDENT_ROLES = [r.value for r in enums.CorrespondentRole]
CENSORSHIP_KINDS = [k.value for k in enums.CensorshipKind]
CENSORSHIP_WEIGHTS = [30, 20, 12, 10, 6, 5, 5, 10, 2]
TRANSLATION_STATUSES = [s.value for s in enums.TranslationStatus]
LANGUAGES = ["ru", "en", "uk", "fr", "de"]
LANGUAGE_WEIGHTS = [80, 10, 5, 3, 2]
TODAY = date(2026, 11, 20)  # fixed, so the same --seed always gives the same database

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))


def transliterate(text: str) -> str:
    out = []
    for char in text:
        low = char.lower()
        latin = _TRANSLIT.get(low)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != low else latin)
    return "".join(out)


def feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def patronymic(father: str, female: bool) -> str:
    if father.endswith("й"):
        stem = father[:-1] + "е"
    elif father.endswith(("а", "я")):
        stem = father[:-1] + "ич"
        return stem + ("на" if female else "")
    else:
        stem = father + "о"
    if father == "Пётр":
        stem = "Петро"
    if father == "Лев":
        stem = "Льво"
    return stem + ("вна" if female else "вич")


def partial(day: date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.70:
        return day.isoformat()
    if roll < 0.92:
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def stamp(rng: random.Random) -> str:
    moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(60_000_000))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.short_names: dict[str, str] = {}  # facility id -> "ИК-7"

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def record(self) -> dict:
        when = stamp(self.rng)
        return {"id": self.uid(), "created_at": when, "updated_at": when}

    def person(self) -> tuple[str, str, bool]:
        rng = self.rng
        female = rng.random() < 0.22
        surname = rng.choice(SURNAMES)
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        middle = patronymic(rng.choice(MALE_NAMES), female)
        if female:
            surname = feminine(surname)
        full = f"{surname} {first} {middle}"
        latin = f"{transliterate(first)} {transliterate(surname)}"
        return full, latin, female

    def facilities(self, count: int) -> list[dict]:
        rng = self.rng
        kinds = list(KIND_WEIGHTS)
        rows = []
        for number in range(count):
            kind = rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
            city, region = rng.choice(CITIES)
            short = f"{KIND_PREFIX[kind]}{number % 40 + 1}"
            name = f"{short} УФСИН России по г. {city}"
            rows.append({
                **self.record(), "name": name, "kind": kind,
                "address": f"ул. {rng.choice(SURNAMES)}а, д. {rng.randint(1, 120)}",
                "city": city, "region": region, "country": "Россия",
                "postal_code": f"{rng.randint(100000, 699999)}",
                "mail_notes": rng.choice([None, None, "Принимают письма через ФСИН-письмо",
                                          "Письма на иностранных языках задерживают"]),
            })
            self.short_names[rows[-1]["id"]] = short
        return rows

    def prisoners(self, count: int) -> list[dict]:
        rng = self.rng
        rows = []
        for _ in range(count):
            full, latin, _female = self.person()
            rows.append({
                **self.record(), "full_name": full, "latin_name": latin,
                "birth_year": rng.randint(1950, 2004),
                "status": rng.choices(["pretrial", "convicted", "released", "unknown"],
                                      weights=[25, 60, 10, 5])[0],
                "charges": rng.choice([None, "ст. 207.3 УК РФ («фейки» об армии)",
                                       "ст. 280.3 УК РФ (дискредитация армии)",
                                       "ст. 205.2 УК РФ (оправдание терроризма)",
                                       "ст. 275 УК РФ (госизмена)"]),
                "sentence": rng.choice([None, "5 лет колонии общего режима",
                                        "7 лет колонии общего режима", "2 года 6 месяцев"]),
                "languages": ["ru"] + (["en"] if rng.random() < 0.3 else []),
                "notes": None,
            })
        return rows

    def custody(self, prisoners: list[dict], facilities: list[dict]) -> list[dict]:
        """Consecutive stays from the arrest on; some in transit, some after a release."""
        rng = self.rng
        rows = []
        limit = TODAY - timedelta(days=120)
        for prisoner in prisoners:
            day = date(2019, 1, 1) + timedelta(days=rng.randrange(4 * 365))
            stays = rng.randint(1, 5)
            for index in range(stays):
                end_day = min(day + timedelta(days=rng.randint(20, 500)), limit)
                last = index == stays - 1 or end_day >= limit
                in_transit = 0 < index and not last and rng.random() < 0.15
                rows.append({
                    **self.record(), "prisoner_id": prisoner["id"],
                    "facility_id": None if in_transit else rng.choice(facilities)["id"],
                    "start": day.isoformat(),
                    "end": None if last and prisoner["status"] != "released"
                    else end_day.isoformat(),
                    "note": "этап" if in_transit else None,
                })
                if last:
                    break
                gap = rng.randint(30, 200) if rng.random() < 0.1 else 0  # released, re-arrested
                day = min(end_day + timedelta(days=gap), limit - timedelta(days=1))
        return rows

    def correspondents(self, count: int) -> list[dict]:
        rng = self.rng
        rows = []
        for _ in range(count):
            full, latin, _female = self.person()
            role = rng.choices(CORRESPONDENT_ROLES, weights=[30, 25, 25, 8, 4, 4, 3, 1])[0]
            name = latin if role in ("volunteer", "journalist") and rng.random() < 0.5 else full
            rows.append({
                **self.record(), "name": name, "role": role,
                "languages": ["ru"] if name == full else ["en", "ru"],
                "contact": None, "notes": None,
            })
        return rows

    def letters(self, count: int, prisoners: list[dict], stays: list[dict],
                correspondents: list[dict]) -> list[dict]:
        rng = self.rng
        by_prisoner: dict[str, list[dict]] = {}
        for stay in stays:
            by_prisoner.setdefault(stay["prisoner_id"], []).append(stay)
        facility_names = self.short_names
        # A few prisoners get many letters, most a few dozen (a Pareto-like spread).
        weights = [1 / (rank + 10) for rank in range(len(prisoners))]
        chosen = rng.choices(prisoners, weights=weights, k=count)
        rows: list[dict] = []
        last_incoming: dict[str, str] = {}
        for prisoner in chosen:
            stay = rng.choice(by_prisoner[prisoner["id"]])
            start = date.fromisoformat(stay["start"])
            end = date.fromisoformat(stay["end"]) if stay["end"] else TODAY
            end = min(end, TODAY - timedelta(days=90))
            start = min(start, end)
            day = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
            direction = "incoming" if rng.random() < 0.45 else "outgoing"
            language = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
            channel = rng.choices([c.value for c in enums.Channel],
                                  weights=[50, 10, 30, 5, 2, 2, 1])[0]
            if direction == "incoming":
                status = rng.choices(["received", "delivered", "lost", "withheld"],
                                     weights=[85, 5, 5, 5])[0]
                correspondent = rng.choice(correspondents)["id"] if rng.random() < 0.6 else None
            else:
                status = rng.choices(["draft", "ready", "sent", "delivered", "returned", "lost",
                                      "withheld"], weights=[5, 5, 30, 45, 5, 5, 5])[0]
                correspondent = rng.choice(correspondents)["id"]
            place = facility_names.get(stay["facility_id"], "СИЗО")
            template = rng.choice(TITLES_EN if language in ("en", "fr", "de") else TITLES_RU)
            title = template.format(place=place, city=rng.choice(CITIES)[0],
                                    month=f"{rng.randint(1, 28)}.{day.month:02d}")
            body_parts = BODY_EN if language in ("en", "fr", "de") else BODY_RU
            body = "".join(rng.choices(body_parts, k=rng.randint(2, 8)))
            written = partial(day, rng)
            sent = None
            received = None
            if status not in ("draft", "ready") and rng.random() < 0.6:
                sent = (day + timedelta(days=rng.randint(0, 5))).isoformat()
            if status in ("delivered", "received") and rng.random() < 0.5:
                received = (day + timedelta(days=rng.randint(7, 60))).isoformat()
                received = min(received, TODAY.isoformat())
            if rng.random() < 0.02:  # some letters have no date at all
                written = sent = received = None
            in_reply_to = None
            if direction == "outgoing" and prisoner["id"] in last_incoming and rng.random() < 0.3:
                in_reply_to = last_incoming[prisoner["id"]]
            expects = direction == "outgoing" and rng.random() < 0.4
            row = {
                **self.record(), "prisoner_id": prisoner["id"], "direction": direction,
                "correspondent_id": correspondent,
                "facility_id": stay["facility_id"], "channel": channel, "language": language,
                "title": title if rng.random() < 0.97 else None,
                "summary": None, "body": body,
                "written_on": written, "sent_on": sent, "received_on": received,
                "status": status, "in_reply_to": in_reply_to, "expects_reply": expects,
                "reply_due": (day + timedelta(days=60)).isoformat() if expects else None,
                "tracking_number": f"RA{rng.randint(10**8, 10**9 - 1)}RU"
                if channel == "registered_post" else None,
                "published_in": None, "published_url": None, "published_on": None,
                "notes": None,
            }
            rows.append(row)
            if direction == "incoming":
                last_incoming[prisoner["id"]] = row["id"]
        return rows

    def censorship(self, letters: list[dict], share: float) -> list[dict]:
        rng = self.rng
        rows = []
        for letter in letters:
            if rng.random() >= share:
                continue
            for _ in range(1 if rng.random() < 0.85 else 2):
                kind = rng.choices(CENSORSHIP_KINDS, weights=CENSORSHIP_WEIGHTS)[0]
                rows.append({
                    **self.record(), "letter_id": letter["id"], "kind": kind,
                    "noted_on": letter["received_on"] or letter["sent_on"],
                    "note": rng.choice([None, "Вымараны две строки", "Задержано на 3 недели",
                                        "Фотография изъята"]),
                })
        return rows

    def translations(self, letters: list[dict], share: float) -> list[dict]:
        rng = self.rng
        rows = []
        for letter in letters:
            if rng.random() >= share or not letter["language"]:
                continue
            source = letter["language"]
            targets = ["en"] if source == "ru" else ["ru"]
            if source == "ru" and rng.random() < 0.2:
                targets.append("fr")
            for target in targets:
                status = rng.choices(TRANSLATION_STATUSES, weights=[20, 10, 5, 60, 5])[0]
                rows.append({
                    **self.record(), "letter_id": letter["id"], "source_language": source,
                    "target_language": target, "status": status,
                    "translator": rng.choice([None, "Renfrey Clarke", "Anna Smith",
                                              "Мария Петрова"]) if status != "queued" else None,
                    "priority": rng.choice([0, 0, 0, 1, 5]),
                    "requested_on": letter["written_on"], "due_on": None,
                    "completed_on": letter["received_on"] if status == "done" else None,
                    "text": None, "notes": None,
                })
        return rows


def _value(value: object) -> object:
    return json.dumps(value) if isinstance(value, list) else value  # JSON columns, as SQLAlchemy


def generate(root: Path, *, letters: int, prisoners: int, facilities: int,
             correspondents: int, seed: int) -> dict[str, int]:
    """Write a generated database into the data directory `root` (which must hold none)."""
    paths = DataPaths(root)
    if paths.database.exists() and paths.database.stat().st_size > 0:
        raise SystemExit(f"{paths.database} exists already; choose an empty data directory")
    Database.open(paths, seed=False).close()  # the app's own schema, at the newest revision

    gen = Generator(seed)
    facility_rows = gen.facilities(facilities)
    prisoner_rows = gen.prisoners(prisoners)
    stay_rows = gen.custody(prisoner_rows, facility_rows)
    correspondent_rows = gen.correspondents(correspondents)
    letter_rows = gen.letters(letters, prisoner_rows, stay_rows, correspondent_rows)
    tables: list[tuple[type, list[dict]]] = [
        (Facility, facility_rows), (Prisoner, prisoner_rows), (CustodyStay, stay_rows),
        (Correspondent, correspondent_rows), (Letter, letter_rows),
        (CensorshipEvent, gen.censorship(letter_rows, 0.08)),
        (Translation, gen.translations(letter_rows, 0.15)),
    ]
    # One bulk transaction on a plain connection: no write-ahead log to copy twice, no
    # fsync (a half-written file is simply generated again); foreign keys stay checked.
    connection = sqlite3.connect(paths.database)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA foreign_keys = ON")
        register_functions(connection)  # the search index's triggers call them
        with connection:
            for table, rows in tables:
                columns = [column.name for column in table.__table__.columns]
                names = ", ".join(f'"{name}"' for name in columns)
                marks = ", ".join("?" * len(columns))
                connection.executemany(
                    f"INSERT INTO {table.__tablename__} ({names}) VALUES ({marks})",
                    ([_value(row.get(name)) for name in columns] for row in rows))
        connection.execute("PRAGMA journal_mode = WAL")  # as the app keeps it
    finally:
        connection.close()
    return {table.__tablename__: len(rows) for table, rows in tables}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--prisoners", type=int, default=2_000)
    parser.add_argument("--facilities", type=int, default=300)
    parser.add_argument("--correspondents", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.data_dir, letters=args.letters, prisoners=args.prisoners,
                      facilities=args.facilities, correspondents=args.correspondents,
                      seed=args.seed)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{count:,} {table}" for table, count in counts.items())
    print(f"{summary} written to {DataPaths(args.data_dir).database} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
