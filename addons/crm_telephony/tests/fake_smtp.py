# This file is part of the CRM Fin suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"A fake SMTP server on 127.0.0.1 for the e-mail tests (RFC 5321 subset)"
import email
import email.policy
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):

    def reply(self, line):
        self.wfile.write(line.encode('ascii') + b'\r\n')

    def handle(self):
        server = self.server
        self.reply('220 fake ESMTP ready')
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode('ascii', 'replace').strip()
            command = verb[:4].upper()
            if command in {'EHLO', 'HELO'}:
                self.reply('250 fake')
            elif command == 'MAIL':
                recipients = []
                self.reply('250 OK')
            elif command == 'RCPT':
                recipients.append(verb.split(':', 1)[1].strip(' <>'))
                self.reply('250 OK')
            elif command == 'DATA':
                self.reply('354 End data with <CR><LF>.<CR><LF>')
                lines = []
                for data in self.rfile:
                    if data in {b'.\r\n', b'.\n'}:
                        break
                    lines.append(data[1:] if data.startswith(b'..')
                        else data)
                message = email.message_from_bytes(
                    b''.join(lines), policy=email.policy.default)
                server.messages.append((recipients, message))
                self.reply('250 OK queued')
            elif command in {'RSET', 'NOOP'}:
                self.reply('250 OK')
            elif command == 'QUIT':
                self.reply('221 Bye')
                return
            else:
                self.reply('502 Command not implemented')


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    "Collects the messages sent to it in .messages: [(recipients, message)]"
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), _Handler)
        self.messages = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def uri(self):
        return 'smtp://127.0.0.1:%s' % self.server_address[1]

    def close(self):
        self.shutdown()
        self.server_close()
