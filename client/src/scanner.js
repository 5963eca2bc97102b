// This file is part of the CRM Fin suite.  The COPYRIGHT file at the top
// level of this repository contains the full copyright notices and license
// terms.
//
// A camera button beside the suite's scan fields (quotations, incoming and
// customer shipments): it opens the phone's camera, reads an EAN, UPC or
// Code 128 with the browser's BarcodeDetector, or with the ZXing
// WebAssembly ponyfill (barcode-detector) where the browser has none, and
// puts the code into the field as a wedge scanner types it: the server's
// on_change adds or counts the product, or refuses it.

/* global Sao, jQuery */
import {
    BarcodeDetector as ZXingDetector, prepareZXingModule,
} from 'barcode-detector/ponyfill';

const FIELDS = {
    'sale.sale': 'scan_code',
    'stock.shipment.in': 'scan_code',
    'stock.shipment.out': 'scan_code',
};
const FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128'];
const _ = text => Sao.i18n.gettext(text);
// A camera (Material Design's "photo_camera" icon)
const CAMERA = 'data:image/svg+xml;utf8,' + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    + '<circle fill="#267f82" cx="12" cy="12" r="3.2"/>'
    + '<path fill="#267f82" d="M9 2 7.17 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2'
    + ' 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2h-3.17L15 2H9zm3 15c-2.76'
    + ' 0-5-2.24-5-5s2.24-5 5-5 5 2.24 5 5-2.24 5-5 5z"/></svg>');

// The ZXing WebAssembly is served by sao's web root (client/build.js)
prepareZXingModule({
    overrides: {
        locateFile: (path, prefix) => path.endsWith('.wasm') ?
            new URL('crm/' + path, document.baseURI).href : prefix + path,
    },
});

async function detector() {
    const Native = window.BarcodeDetector;
    if (Native) {
        try {
            const formats = await Native.getSupportedFormats();
            if (FORMATS.every(f => formats.includes(f))) {
                return new Native({formats: FORMATS});
            }
        } catch (error) {
            // fall back to ZXing
        }
    }
    return new ZXingDetector({formats: FORMATS});
}

// Open the camera and resolve with the first code read (null: closed)
export function scan() {
    return new Promise(resolve => {
        const dialog = jQuery('<div/>', {
            'class': 'crm-scanner',
            'role': 'dialog',
            'aria-label': _('Scan with the camera'),
        }).appendTo(document.body);
        const video = jQuery('<video/>', {
            'autoplay': true, 'muted': true, 'playsinline': true,
        }).prop('muted', true).appendTo(dialog)[0];
        const status = jQuery('<p/>', {'class': 'crm-scanner-status'})
            .text(_('Point the camera at the barcode')).appendTo(dialog);
        let stream = null, done = false;
        const finish = code => {
            if (done) {
                return;
            }
            done = true;
            if (stream) {
                stream.getTracks().forEach(track => track.stop());
            }
            dialog.remove();
            resolve(code);
        };
        jQuery('<button/>', {
            'type': 'button', 'class': 'btn btn-default crm-scanner-close',
        }).text(_('Close')).click(() => finish(null)).appendTo(dialog);
        const read = async reader => {
            while (!done) {
                if (video.readyState >= 2) {
                    try {
                        const codes = await reader.detect(video);
                        if (codes.length && codes[0].rawValue) {
                            finish(codes[0].rawValue);
                            return;
                        }
                    } catch (error) {
                        // a frame not decodable: try the next one
                    }
                }
                await new Promise(wait => setTimeout(wait, 150));
            }
        };
        (async () => {
            try {
                stream = await navigator.mediaDevices.getUserMedia({
                    video: {facingMode: 'environment'}, audio: false});
                if (done) {
                    finish(null);
                    return;
                }
                video.srcObject = stream;
                await read(await detector());
            } catch (error) {
                status.text(_('The camera is not available.') + ' ' +
                    (error.message || error.name || ''));
            }
        })();
    });
}

const Char = Sao.View.Form.Char.prototype;
const init = Char.init;
Char.init = function(view, attributes) {
    init.call(this, view, attributes);
    const model = view && view.screen && view.screen.model_name;
    if (FIELDS[model] !== attributes.name) {
        return;
    }
    const input = this.input;
    // Each scan is a new code: a refused one (the server keeps the field
    // as it was) is replaced by the next scan, not added to
    let sent = false;
    input.on('change', () => {
        sent = true;
    }).on('keydown', event => {
        if (sent && event.key && event.key.length === 1) {
            input.val('');
            sent = false;
        }
    });
    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) {
        return;
    }
    jQuery('<button/>', {
        'type': 'button',
        'class': 'btn btn-default btn-sm crm-scan-camera',
        'aria-label': _('Scan with the camera'),
        'title': _('Scan with the camera'),
    }).append(jQuery('<img/>', {
        'src': CAMERA, 'class': 'icon', 'alt': '', 'width': 20, 'height': 20,
    }))
        .click(async () => {
            if (input.prop('readonly') || input.prop('disabled')) {
                return;
            }
            const code = await scan();
            if (code) {
                // as a wedge scanner types it and presses Enter
                input.val(code).trigger('change');
            }
        })
        .appendTo(jQuery('<span/>', {'class': 'input-group-btn'})
            .appendTo(this.group));
};
