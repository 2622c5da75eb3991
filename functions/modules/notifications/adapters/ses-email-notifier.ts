import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Notification, NotificationReceipt, Notifier } from '../ports/notifier.js';

/**
 * E-mail through SES v2 `SendEmail` with simple content: the subject and the text body of the
 * notification, and its HTML body when the template gave one (`metadata.html`).
 */
export class SesEmailNotifier implements Notifier {
  constructor(
    private readonly client: SESv2Client,
    private readonly fromAddress: string,
  ) {}

  async send(notification: Notification): Promise<NotificationReceipt> {
    const html = notification.metadata?.html;
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [notification.destination] },
        Content: {
          Simple: {
            Subject: { Data: notification.subject ?? 'fleetops', Charset: 'UTF-8' },
            Body: {
              Text: { Data: notification.message, Charset: 'UTF-8' },
              ...(html ? { Html: { Data: html, Charset: 'UTF-8' } } : {}),
            },
          },
        },
        EmailTags: [{ Name: 'tenant', Value: notification.tenantId.replace(/[^A-Za-z0-9_-]/g, '_') }],
      }),
    );
    return { messageId: result.MessageId ?? '' };
  }
}
