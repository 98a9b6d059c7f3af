import { DomainError, type ProblemField, type ProblemSpec } from '@lib/http/problem.ts';

export type DisasterErrorCode =
  | 'shelter_not_found'
  | 'shelter_not_open'
  | 'event_not_found'
  | 'event_closed'
  | 'invalid_location'
  | 'invalid_area'
  | 'invalid_shelter_file'
  | 'not_disaster_staff'
  | 'not_supporter'
  | 'report_id_taken'
  | 'invite_not_found'
  | 'invite_own'
  | 'not_family'
  | 'task_not_found'
  | 'person_not_found'
  | 'invalid_checkin_code'
  | 'already_checked_in'
  | 'not_checked_in'
  | 'survey_not_drill'
  | 'location_not_consented';

export class DisasterError extends DomainError {
  constructor(
    readonly code: DisasterErrorCode,
    readonly detail?: string,
    readonly errors?: ProblemField[],
  ) {
    super(detail ?? code);
    this.name = 'DisasterError';
  }

  problem(): ProblemSpec {
    const base = { code: this.code, ...(this.detail ? { detail: this.detail } : {}), ...(this.errors ? { errors: this.errors } : {}) };
    switch (this.code) {
      case 'shelter_not_found':
        return { ...base, status: 404, title: 'No such shelter' };
      case 'shelter_not_open':
        return { ...base, status: 409, title: 'The shelter is not open for this event' };
      case 'event_not_found':
        return { ...base, status: 404, title: 'No such disaster event' };
      case 'event_closed':
        return { ...base, status: 409, title: 'The disaster event is closed' };
      case 'invalid_location':
        return { ...base, status: 422, title: 'The coordinates are not a place in Japan' };
      case 'invalid_area':
        return { ...base, status: 422, title: 'The affected area is not a usable GeoJSON polygon' };
      case 'invalid_shelter_file':
        return { ...base, status: 422, title: 'The shelter file has problems; nothing was imported' };
      case 'not_disaster_staff':
        return { ...base, status: 403, title: 'Only disaster staff may do this' };
      case 'not_supporter':
        return { ...base, status: 403, title: 'Only a registered supporter may do this' };
      case 'report_id_taken':
        return { ...base, status: 409, title: 'This report id belongs to another report' };
      case 'invite_not_found':
        return { ...base, status: 404, title: 'No such family invitation, or it has expired or been used' };
      case 'invite_own':
        return { ...base, status: 422, title: 'You cannot accept your own invitation' };
      case 'not_family':
        return { ...base, status: 404, title: 'No such family member' };
      case 'task_not_found':
        return { ...base, status: 404, title: 'No such task' };
      case 'person_not_found':
        return { ...base, status: 404, title: 'No such person in the support register' };
      case 'invalid_checkin_code':
        return { ...base, status: 422, title: 'The check-in code is not valid' };
      case 'already_checked_in':
        return { ...base, status: 409, title: 'Already checked in for this event' };
      case 'not_checked_in':
        return { ...base, status: 409, title: 'This person is not checked in at this shelter' };
      case 'survey_not_drill':
        return { ...base, status: 409, title: 'The survey is for drills only' };
      case 'location_not_consented':
        return { ...base, status: 403, title: 'Location is shared only under the location opt-in' };
    }
  }
}
