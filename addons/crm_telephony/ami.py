# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""A small client of the Asterisk Manager Interface (AMI).

The AMI is a text protocol over TCP: after a banner line
(``Asterisk Call Manager/5.0``) client and server exchange frames of
``Key: Value`` lines ended by a blank line (CR LF).  The client sends
``Action:`` frames with an ``ActionID``; the server answers with a
``Response:`` frame carrying the same ``ActionID`` and pushes ``Event:``
frames (``Newchannel``, ``Newstate``, ``Hangup``...) at any time.

``AMIClient`` logs in and sends actions (``Originate`` for click-to-dial);
``AsyncAMIListener`` reads the call events of a PBX and turns them into
calls of the communication log, skipping (and logging) malformed frames so
that the service keeps running.  Every company has its PBX (the telephony
configuration); run the listeners of a database with::

    python -m trytond.modules.crm_telephony.ami -c trytond.conf -d DB
"""
import asyncio
import itertools
import logging
import socket

logger = logging.getLogger(__name__)

MAX_FRAME = 64 * 1024
# Asterisk channel states (ChannelState of Newstate)
STATE_UP = '6'


class AMIError(Exception):
    "The server refused an action or the connection failed"


class FrameError(AMIError):
    "A frame does not follow the protocol"


def parse_frame(data):
    """Return the dict of a frame (bytes without its blank line)

    Raise FrameError for a line that is no "Key: Value" line."""
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        text = data.decode('latin-1')
    frame = {}
    for line in text.replace('\r\n', '\n').split('\n'):
        if not line:
            continue
        key, sep, value = line.partition(':')
        key = key.strip()
        if not sep or not key or ' ' in key:
            raise FrameError("malformed AMI line: %r" % line[:200])
        frame[key] = value.strip()
    if not frame:
        raise FrameError("empty AMI frame")
    return frame


def build_frame(items):
    "Return the bytes of a frame of (key, value) items"
    lines = []
    for key, value in items:
        value = '' if value is None else str(value)
        if any(c in key + value for c in '\r\n') or ':' in key:
            raise FrameError("invalid AMI field %r" % key)
        lines.append('%s: %s' % (key, value))
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('utf-8')


class AMIClient:
    "A blocking AMI client (one TCP connection)"

    def __init__(self, host, port=5038, username=None, secret=None,
            timeout=10):
        self.host = host
        self.port = int(port)
        self.username = username
        self.secret = secret
        self.timeout = timeout
        self.sock = None
        self.banner = None
        self._buffer = b''
        self._ids = itertools.count(1)

    def __enter__(self):
        self.connect()
        return self

    def __exit__(self, *args):
        self.close()

    def connect(self):
        try:
            self.sock = socket.create_connection(
                (self.host, self.port), timeout=self.timeout)
        except OSError as exception:
            raise AMIError("cannot connect to %s:%s: %s" % (
                    self.host, self.port, exception)) from exception
        self.banner = self._read_line()
        if not self.banner.startswith('Asterisk Call Manager'):
            self.close()
            raise AMIError("not an AMI server: %r" % self.banner[:100])
        if self.username:
            self.login()

    def close(self):
        if self.sock:
            try:
                self.sock.sendall(build_frame([
                            ('Action', 'Logoff'),
                            ('ActionID', str(next(self._ids)))]))
            except OSError:
                pass
            self.sock.close()
            self.sock = None

    def _recv(self):
        try:
            data = self.sock.recv(65536)
        except OSError as exception:  # a timeout too
            raise AMIError(str(exception)) from exception
        if not data:
            raise EOFError("AMI connection closed")
        self._buffer += data

    def _read_line(self):
        while b'\r\n' not in self._buffer and b'\n' not in self._buffer:
            if len(self._buffer) > MAX_FRAME:
                raise FrameError("AMI line too long")
            self._recv()
        sep = b'\r\n' if b'\r\n' in self._buffer else b'\n'
        line, self._buffer = self._buffer.split(sep, 1)
        return line.decode('utf-8', 'replace').strip()

    def read_frame(self):
        """Return the next frame as a dict

        Raise FrameError for a malformed frame (the frame is consumed, the
        next call reads the following one) and EOFError when the server
        closed the connection."""
        while True:
            for sep in (b'\r\n\r\n', b'\n\n'):
                index = self._buffer.find(sep)
                if index >= 0:
                    break
            if index >= 0:
                data = self._buffer[:index]
                self._buffer = self._buffer[index + len(sep):]
                if not data.strip():
                    continue
                return parse_frame(data)
            if len(self._buffer) > MAX_FRAME:
                self._buffer = b''
                raise FrameError("AMI frame larger than %s bytes" % MAX_FRAME)
            self._recv()

    def send_action(self, action, *items, **fields):
        """Send an action and return its response frame; items are (key,
        value) pairs, a key may repeat (Variable), fields more of them.
        Events the server pushes meanwhile are skipped."""
        action_id = str(next(self._ids))
        items = [('Action', action), ('ActionID', action_id)] + list(items)
        items.extend(fields.items())
        try:
            self.sock.sendall(build_frame(items))
        except OSError as exception:
            raise AMIError(str(exception)) from exception
        while True:
            try:
                frame = self.read_frame()
            except FrameError as exception:
                logger.warning("skip %s", exception)
                continue
            if 'Response' in frame and frame.get('ActionID') == action_id:
                if frame['Response'] not in {'Success', 'Follows'}:
                    raise AMIError(frame.get('Message') or frame['Response'])
                return frame

    def login(self):
        return self.send_action(
            'Login', Username=self.username, Secret=self.secret)

    def originate(self, channel, exten, context, caller_id=None,
            priority=1, timeout=30000, variables=None):
        """Ring channel, then dial exten in context (click-to-dial); every
        channel variable is sent as its own Variable line"""
        items = [
            ('Channel', channel),
            ('Exten', exten),
            ('Context', context),
            ('Priority', str(priority)),
            ('Timeout', str(timeout)),
            ('Async', 'true'),
            ]
        if caller_id:
            items.append(('CallerID', caller_id))
        for key, value in (variables or {}).items():
            items.append(('Variable', '%s=%s' % (key, value)))
        return self.send_action('Originate', *items)


def call_event(frame):
    """Translate an AMI event into (event, number, extension, call_id)

    event is 'ringing', 'answered' or 'hangup'; None for other events."""
    name = frame.get('Event')
    call_id = frame.get('Linkedid') or frame.get('Uniqueid')
    if name == 'Newchannel':
        number = frame.get('CallerIDNum')
        if not number or number in {'<unknown>', ''}:
            return None
        return 'ringing', number, frame.get('Exten') or None, call_id
    if name == 'Newstate' and (frame.get('ChannelState') == STATE_UP
            or frame.get('ChannelStateDesc') == 'Up'):
        return 'answered', frame.get('CallerIDNum'), None, call_id
    if name == 'Hangup':
        return 'hangup', frame.get('CallerIDNum'), None, call_id
    return None


class AsyncAMIListener:
    """asyncio client of the AMI that listens for call events

    Connects, checks the banner, logs in, then reads ``Event:`` frames and
    calls handler(event, number, extension, call_id) (in a thread, the
    handler opens a database transaction) for Newchannel / Newstate Up /
    Hangup.  A malformed or oversized frame and a failing handler are
    logged and counted in ``errors``; the listener goes on."""

    def __init__(self, host, port=5038, username=None, secret=None,
            handler=None, in_thread=True):
        self.host = host
        # the handler opens a database transaction: in a worker thread so
        # the event loop keeps reading (an in-memory SQLite database of the
        # tests lives in one thread only: in_thread=False)
        self.in_thread = in_thread
        self.port = int(port)
        self.username = username
        self.secret = secret
        self.handler = handler
        self.errors = 0
        self.handled = 0
        self._ids = itertools.count(1)

    async def _read_frame(self, reader):
        try:
            data = await reader.readuntil(b'\r\n\r\n')
        except asyncio.LimitOverrunError as exception:
            # drop the oversized frame up to its end
            await reader.readexactly(exception.consumed)
            raise FrameError("AMI frame larger than %s bytes" % MAX_FRAME)
        except asyncio.IncompleteReadError:
            raise EOFError("AMI connection closed")
        return parse_frame(data[:-4])

    async def _send(self, writer, action, **fields):
        items = [('Action', action), ('ActionID', str(next(self._ids)))]
        items.extend(fields.items())
        writer.write(build_frame(items))
        await writer.drain()

    async def run(self, max_events=None):
        "Listen until the server closes or max_events call events handled"
        reader, writer = await asyncio.open_connection(
            self.host, self.port, limit=MAX_FRAME)
        try:
            banner = (await reader.readline()).decode('utf-8', 'replace')
            if not banner.startswith('Asterisk Call Manager'):
                raise AMIError("not an AMI server: %r" % banner[:100])
            if self.username:
                await self._send(writer, 'Login', Username=self.username,
                    Secret=self.secret, Events='call')
            events = 0
            while max_events is None or events < max_events:
                try:
                    frame = await self._read_frame(reader)
                except FrameError as exception:
                    self.errors += 1
                    logger.warning("skip malformed AMI frame: %s", exception)
                    continue
                except EOFError:
                    logger.info("AMI connection closed")
                    return
                if frame.get('Response') == 'Error':
                    raise AMIError(frame.get('Message') or 'login refused')
                event = call_event(frame)
                if not event:
                    continue
                events += 1
                try:
                    if self.in_thread:
                        await asyncio.to_thread(self.handler, *event)
                    else:
                        self.handler(*event)
                    self.handled += 1
                except Exception:
                    self.errors += 1
                    logger.exception("AMI event %r failed", frame)
        finally:
            writer.close()


def transaction_handler(database_name, company, user=0):
    """Return a handler that records each call event of the PBX of company
    in its own transaction"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def handler(event, number, extension, call_id):
        pool = Pool(database_name)
        with Transaction().start(database_name, user,
                context={'company': company}):
            Communication = pool.get('crm.communication')
            Communication.incoming_call(
                number, extension, call_id=call_id, event=event)
    return handler


async def listen(database_name, company, options, reconnect=5):
    "Listen to the PBX of company, reconnecting on errors"
    handler = transaction_handler(database_name, company)
    while True:
        try:
            logger.info("listening to AMI %(host)s:%(port)s", options)
            await AsyncAMIListener(handler=handler, **options).run()
        except (AMIError, OSError) as exception:
            logger.error("AMI %s: %s", options['host'], exception)
        await asyncio.sleep(reconnect)


def run(database_name, reconnect=5):
    "Listen to the PBX of every company of the database"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database_name)
    with Transaction().start(database_name, 0, readonly=True):
        pool.init()
        Configuration = pool.get('crm.telephony.configuration')
        pbxs = Configuration.pbx_companies()
    if not pbxs:
        logger.error("no company has a PBX in the telephony configuration")
        return

    async def main():
        await asyncio.gather(*(
                listen(database_name, company, options, reconnect)
                for company, options in pbxs.items()))
    asyncio.run(main())


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(
        prog='python -m trytond.modules.crm_telephony.ami')
    parser.add_argument('-c', '--config', dest='config')
    parser.add_argument('-d', '--database', dest='database', required=True)
    args = parser.parse_args(argv)
    from trytond import config
    config.update_etc(args.config)
    logging.basicConfig(level=logging.INFO)
    run(args.database)


if __name__ == '__main__':
    main()
