// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// What the modules share: the user's language and calendar, and the
// client's own few strings in English, Persian and Polish.

/* global Sao */

// The language of the interface: 'fa', 'pl', 'en'...
export function language() {
    return (Sao.i18n.getlang() || 'en').split(/[_-]/)[0];
}

// The user's calendar: crm_fin puts 'calendar' in the context of the
// session (res.user's preference, empty: from the language); before the
// login it follows the language of the browser.
export function calendar() {
    const session = Sao.Session.current_session;
    const chosen = session && session.context && session.context.calendar;
    if (chosen) {
        return chosen;
    }
    return language() == 'fa' ? 'jalali' : 'gregorian';
}

export function isJalali() {
    return calendar() == 'jalali';
}

const MESSAGES = {
    'invalid_date': {
        'en': '"%s" is not a date of the Jalali calendar: %s.',
        'fa': '«%s» تاریخ معتبری در تقویم شمسی نیست: %s.',
        'pl': '„%s” nie jest datą kalendarza irańskiego: %s.',
    },
    'month_days': {
        'en': '%s %s has %s days',
        'fa': '%s %s %s روز دارد',
        'pl': '%s %s ma %s dni',
    },
    'no_month': {
        'en': 'there is no month %s',
        'fa': 'ماه %s وجود ندارد',
        'pl': 'nie ma miesiąca %s',
    },
    'invalid_title': {
        'en': 'Invalid date',
        'fa': 'تاریخ نامعتبر',
        'pl': 'Nieprawidłowa data',
    },
    'today': {
        'en': 'Today',
        'fa': 'امروز',
        'pl': 'Dziś',
    },
    'previous_month': {
        'en': 'Previous month',
        'fa': 'ماه قبل',
        'pl': 'Poprzedni miesiąc',
    },
    'next_month': {
        'en': 'Next month',
        'fa': 'ماه بعد',
        'pl': 'Następny miesiąc',
    },
    'previous_year': {
        'en': 'Previous year',
        'fa': 'سال قبل',
        'pl': 'Poprzedni rok',
    },
    'next_year': {
        'en': 'Next year',
        'fa': 'سال بعد',
        'pl': 'Następny rok',
    },
    'no_records': {
        'en': 'No records',
        'fa': 'موردی یافت نشد',
        'pl': 'Brak danych',
    },
    // the footer of a list's sums (totals.js)
    'total': {
        'en': 'Total',
        'fa': 'جمع',
        'pl': 'Razem',
    },
    'selected': {
        'en': 'Selected',
        'fa': 'انتخاب‌شده',
        'pl': 'Zaznaczone',
    },
};

// The message in the user's language, %s replaced in order
export function gettext(key, ...args) {
    const texts = MESSAGES[key];
    let text = texts[language()] || texts.en;
    for (const arg of args) {
        text = text.replace('%s', arg);
    }
    return text;
}
