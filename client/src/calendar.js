// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// sao's calendar views (FullCalendar 3) for Jalali users: the month view is
// a Jalali month (prev / next move by Jalali months), the titles, day
// numbers and column headers are Jalali with Persian month names, the week
// starts on Saturday and Friday is the weekend.

/* global jQuery */
import {isJalali, language} from './common.js';
import {persianDigits} from './digits.js';
import {jalaliOf, monthLength, monthName} from './jalali.js';

const FC = jQuery.fullCalendar;

function digits(number) {
    return language() == 'fa' ? persianDigits(number) : String(number);
}

function jalaliDay(date) {
    const {jy, jm, jd} = jalaliOf(date);
    return {jy, jm, jd, text: digits(jd) + ' ' + monthName(jm)};
}

// The Jalali month of the date instead of the Gregorian one
const buildRangeFromDuration =
    FC.DateProfileGenerator.prototype.buildRangeFromDuration;
FC.DateProfileGenerator.prototype.buildRangeFromDuration = function(
        date, direction, duration, unit) {
    if (!this.opt('jalali') || (unit != 'month') ||
            (duration.as('months') != 1)) {
        return buildRangeFromDuration.apply(this, arguments);
    }
    const {jy, jm, jd} = jalaliOf(date);
    const start = date.clone().startOf('day').subtract(jd - 1, 'days');
    const end = start.clone().add(monthLength(jy, jm), 'days');
    return new FC.UnzonedRange(start, end);
};

const buildPrev = FC.DateProfileGenerator.prototype.buildPrev;
FC.DateProfileGenerator.prototype.buildPrev = function(profile) {
    if (!this.opt('jalali') || (profile.currentRangeUnit != 'month')) {
        return buildPrev.apply(this, arguments);
    }
    // the last day of the previous Jalali month
    const date = this.msToUtcMoment(
        profile.currentUnzonedRange.startMs, true).subtract(1, 'day');
    return this.build(date, -1);
};

const buildNext = FC.DateProfileGenerator.prototype.buildNext;
FC.DateProfileGenerator.prototype.buildNext = function(profile) {
    if (!this.opt('jalali') || (profile.currentRangeUnit != 'month')) {
        return buildNext.apply(this, arguments);
    }
    // the first day of the next Jalali month
    return this.build(this.msToUtcMoment(
        profile.currentUnzonedRange.endMs, true), 1);
};

const isDateInOtherMonth = FC.MonthView.prototype.isDateInOtherMonth;
FC.MonthView.prototype.isDateInOtherMonth = function(date, profile) {
    if (!this.opt('jalali')) {
        return isDateInOtherMonth.apply(this, arguments);
    }
    return !profile.currentUnzonedRange.containsDate(date);
};

// "from ... to": the Persian word, as Persian calendars write it; a dash
// between two numbers is a neutral the bidirectional algorithm moved ("آذر
// ۱۴۰۵ ۲۰ – ۱۴" for ۱۴ – ۲۰ آذر ۱۴۰۵)
const TO = ' تا ';

const computeTitle = FC.View.prototype.computeTitle;
FC.View.prototype.computeTitle = function(profile) {
    if (!this.opt('jalali')) {
        return computeTitle.apply(this, arguments);
    }
    const calendar = this.calendar;
    if (profile.currentRangeUnit == 'month') {
        const {jy, jm} = jalaliOf(calendar.msToUtcMoment(
            profile.currentUnzonedRange.startMs, true));
        return monthName(jm) + ' ' + digits(jy);
    }
    const range = profile.activeUnzonedRange;
    const start = jalaliDay(calendar.msToUtcMoment(range.startMs, true));
    const end = jalaliDay(calendar.msToUtcMoment(range.endMs, true)
        .subtract(1, 'day'));
    if ((start.jy == end.jy) && (start.jm == end.jm) &&
            (start.jd == end.jd)) {
        return calendar.msToUtcMoment(range.startMs, true).format('dddd') +
            ' ' + start.text + ' ' + digits(start.jy);
    } else if ((start.jy == end.jy) && (start.jm == end.jm)) {
        return digits(start.jd) + TO + end.text + ' ' + digits(end.jy);
    } else if (start.jy == end.jy) {
        return start.text + TO + end.text + ' ' + digits(end.jy);
    }
    return start.text + ' ' + digits(start.jy) + TO + end.text + ' ' +
        digits(end.jy);
};

// The day numbers of the month and week grids: Jalali, the first day of
// a month with its name
const renderNumberCellHtml = FC.DayGrid.prototype.renderNumberCellHtml;
FC.DayGrid.prototype.renderNumberCellHtml = function(date) {
    const html = renderNumberCellHtml.apply(this, arguments);
    if (!this.opt('jalali')) {
        return html;
    }
    const {jd, text} = jalaliDay(date);
    return html.replace(/(class="fc-day-number"[^>]*>)[^<]*(<)/,
        (match, open, close) => open + (jd == 1 ? text : digits(jd)) + close);
};

// A phone: the short weekday names
function narrow() {
    return window.matchMedia('(max-width: 767px)').matches;
}

const fullCalendar = jQuery.fn.fullCalendar;
jQuery.fn.fullCalendar = function(options) {
    if (jQuery.isPlainObject(options) && isJalali()) {
        const el = this;
        options = jQuery.extend({}, options, {
            jalali: true,
            firstDay: 6,  // Saturday
            columnHeaderText: date => {
                const view = el.fullCalendar('getView');
                if (!view || (view.type == 'month')) {
                    return date.format(narrow() ? 'dd' : 'dddd');
                } else if (narrow()) {
                    return date.format('dd') + ' ' + digits(jalaliOf(date).jd);
                }
                return date.format('ddd') + ' ' + jalaliDay(date).text;
            },
        });
        this.addClass('crm-jalali-calendar');
    }
    return fullCalendar.apply(this, [options, ...Array.prototype.slice.call(
        arguments, 1)]);
};
// keep what hangs on the plugin (FullCalendar's own methods)
Object.assign(jQuery.fn.fullCalendar, fullCalendar);
