# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""The demo's names in Persian script (the default) or in Latin script
(``python -m demo --latin``, for Polish and English speakers).

Every demo file writes its names through ``name("Ali Rezaei")``, which
returns the Persian name unless the Latin demo was asked for, so both demos
hold the same data; the browser test finds the records the same way.
``rename_finance`` renames, last, the records the shared test harness
creates in English (products, categories); the Persian demo's chart,
taxes and payment term are the Iranian chart's, named in Persian
(``crm_fin/tests/tools.py``, ``IR_CHART``)."""

LATIN = False

PERSIAN = {
    # the company and its people
    "Tolou Trading Co.": "شرکت بازرگانی طلوع",
    "Sara Bazaryab": "سارا بازاریاب",
    "Reza Modiri": "رضا مدیری",
    "Parisa Sandoghdar": "پریسا صندوق‌دار",
    "Kamran Bimeh": "کامران بیمه",
    "Mina Paziresh": "مینا پذیرش",
    "Company target": "هدف فروش شرکت",
    "Sara Bazaryab this month": "سارا بازاریاب، این ماه",
    # customers
    "Ali Rezaei": "علی رضایی",
    "Maryam Hosseini": "مریم حسینی",
    "Reza Karimi": "رضا کریمی",
    "Zahra Ahmadi": "زهرا احمدی",
    "Mohammad Moradi": "محمد مرادی",
    "Fatemeh Jafari": "فاطمه جعفری",
    "Hossein Rahimi": "حسین رحیمی",
    "Sara Mohammadi": "سارا محمدی",
    "Pars Pakhsh Co.": "شرکت پارس پخش",
    "Arian Tejarat Co.": "شرکت آرین تجارت",
    "Zahra Rezaei": "زهرا رضایی",
    "Eng.": "مهندس",
    "Dr.": "دکتر",
    # acquisition sources
    "Tehran Expo": "نمایشگاه تهران",
    "Instagram": "اینستاگرام",
    "Customer referral": "معرفی مشتری",
    # products and services
    "Laptop": "لپ‌تاپ",
    "Printer": "چاپگر",
    "Installation": "نصب و راه‌اندازی",
    "Shipping": "هزینه ارسال",
    "Discount": "تخفیف",
    "Commission": "پورسانت",
    "Club points": "امتیاز باشگاه",
    "Insurance Premium": "حق بیمه",
    "Goods": "کالا",
    "Services without tax": "خدمات بدون مالیات",
    # sales
    "Marketers 5%": "بازاریاب‌ها ۵٪",
    "Cash": "نقد",
    "Warranty": "گارانتی",
    "18 months warranty, delivery in Tehran within 3 working days.":
        "۱۸ ماه گارانتی، تحویل در تهران ظرف ۳ روز کاری.",
    # telephony
    "Birthday": "تولد",
    "Payment reminder": "یادآوری پرداخت",
    "Price of laptops": "قیمت لپ‌تاپ‌ها",
    "Send the new price list to Ali Rezaei":
        "ارسال فهرست قیمت جدید برای علی رضایی",
    # installments
    "30% cash + 3 monthly cheques": "۳۰٪ نقد + ۳ چک ماهانه",
    "6 monthly credit installments": "۶ قسط ماهانه نسیه",
    "Bank Melli": "بانک ملی",
    "Bank Mellat": "بانک ملت",
    "Bank Saderat": "بانک صادرات",
    "Tehran": "تهران",
    "Dr. Sadeghi Law Office": "دفتر حقوقی دکتر صادقی",
    "Installments": "اقساط",
    # club
    "Silver": "نقره‌ای",
    "Gold": "طلایی",
    # clinic
    "Diabetes": "دیابت",
    "Dr. Karimi": "دکتر کریمی",
    "Dr. Nazari": "دکتر نظری",
    "General": "عمومی",
    "Blood test": "آزمایش خون",
    "Internal": "داخلی",
    "Check-up": "معاینه دوره‌ای",
    # insurance
    "Iran Insurance": "بیمه ایران",
    "Car": "بیمه بدنه خودرو",
    "Home": "بیمه آتش‌سوزی منزل",
    # stock
    "Laptop Wholesale": "پخش عمدهٔ لپ‌تاپ",
    # campaigns
    "CEOs in Tehran and Isfahan": "مدیران عامل تهران و اصفهان",
    "No contact for 90 days": "بی‌تماس در ۹۰ روز گذشته",
    "Nowruz": "نوروز",
    "Nowruz sale": "حراج نوروزی",
    # cities and streets (crm_campaign)
    "Isfahan": "اصفهان",
    "Valiasr St. 120": "خیابان ولیعصر، پلاک ۱۲۰",
    "Chaharbagh Abbasi St. 8": "خیابان چهارباغ عباسی، پلاک ۸",
    "Enghelab Sq. 14": "میدان انقلاب، پلاک ۱۴",
    "Nazar Sharghi St. 33": "خیابان نظر شرقی، پلاک ۳۳",
    "Motahari St. 71": "خیابان مطهری، پلاک ۷۱",
    "Mirdamad Blvd. 200": "بلوار میرداماد، پلاک ۲۰۰",
    }


def use_latin(latin=True):
    "Build the Latin demo instead of the Persian one"
    global LATIN
    LATIN = latin


def name(text):
    "The demo's name of text in the script of the demo"
    if LATIN:
        return text
    return PERSIAN.get(text, text)


def translate_texts(model, messages, languages=('fa', 'pl')):
    """Give the texts of a configuration (model, a singleton) the
    translations of the messages of their defaults: {field: message xml id}
    (the defaults were taken in the administrator's language)"""
    from proteus import Model
    from proteus.config import get_config
    Message = Model.get('ir.message')
    ModelData = Model.get('ir.model.data')
    Config = Model.get(model)
    # ir.model.data is not searchable over RPC: get_id finds the message
    ids = {field: ModelData.get_id(xml_id, get_config().context)
        for field, xml_id in messages.items()}
    for code in languages:
        with get_config().set_context(language=code):
            record = Config(1)
            for field, message_id in ids.items():
                setattr(record, field, Message(message_id).text)
            record.save()


def _rename(config, fields):
    "Give the records the Persian of their English text in fields"
    from proteus import Model
    for model, field in fields:
        Model_ = Model.get(model, config=config)
        records = []
        for record in Model_.find([(field, 'in', list(PERSIAN))]):
            setattr(record, field, PERSIAN[getattr(record, field)])
            records.append(record)
        Model_.save(records)


def rename_finance(config):
    """Rename the records made in English by the finance test harness
    (crm_fin/tests/tools.py), once every add-on's demo has found them"""
    from demo import activated
    if LATIN or not activated('account_invoice'):
        return
    _rename(config, [
            ('product.template', 'name'),
            ('product.category', 'name'),
            ])
