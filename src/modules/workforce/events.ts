/** Events the workforce directory publishes. Other modules subscribe to these; they never read workforce tables. */
export const WORKFORCE_EVENTS = {
  personCreated: 'workforce.person.created',
  personUpdated: 'workforce.person.updated',
  personMoved: 'workforce.person.moved',
  personLeft: 'workforce.person.left',
  /** A post was created or its requirement changed: { postId, requiredVettingLevel, designated, active }. */
  postChanged: 'workforce.post.changed',
} as const;

export interface PersonMovedPayload {
  personId: string;
  payrollNumber: string;
  fromPostId: string | null;
  toPostId: string | null;
}
