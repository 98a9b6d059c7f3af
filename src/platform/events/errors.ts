import { DomainError, type ProblemField, type ProblemSpec } from '@lib/http/problem.ts';

export type EventsErrorCode =
  | 'webhook_url_not_allowed'
  | 'subscription_limit_reached'
  | 'subscription_not_found'
  | 'delivery_not_found'
  | 'delivery_not_replayable'
  | 'subscription_deleted'
  | 'publication_not_allowed';

/** Errors of the events module, each with one HTTP meaning. */
export class EventsError extends DomainError {
  constructor(
    readonly code: EventsErrorCode,
    readonly detail?: string,
    readonly fields?: ProblemField[],
  ) {
    super(detail ?? code);
    this.name = 'EventsError';
  }

  problem(): ProblemSpec {
    const detail = this.detail ? { detail: this.detail } : {};
    const errors = this.fields ? { errors: this.fields } : {};
    switch (this.code) {
      case 'webhook_url_not_allowed':
        return { status: 400, code: this.code, title: 'The webhook URL is not allowed', ...detail, ...errors };
      case 'subscription_limit_reached':
        return { status: 409, code: this.code, title: 'The service has as many subscriptions as it may', ...detail };
      case 'subscription_not_found':
        return { status: 404, code: this.code, title: 'No such subscription', ...detail };
      case 'delivery_not_found':
        return { status: 404, code: this.code, title: 'No such delivery', ...detail };
      case 'delivery_not_replayable':
        return { status: 409, code: this.code, title: 'The delivery is still in progress', ...detail };
      case 'publication_not_allowed':
        return { status: 403, code: this.code, title: 'The service may not publish this event', ...detail };
      case 'subscription_deleted':
        return { status: 409, code: this.code, title: 'The subscription of this delivery was deleted', ...detail };
    }
  }
}
