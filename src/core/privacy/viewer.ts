// Who is looking: an account's id and its roles, each tied to a unit (and, for a collaborator, a village;
// for a sector reviewer, a sector). Every privacy decision of the core takes this and nothing else.

export interface ViewerGrant {
  role: string;
  unitId: number | null;
  /** The village a collaborator keeps the register of (null: the whole commune). */
  villageId?: number | null;
  /** The sector a sector reviewer reviews (health, education, police, justice, child_affairs…). */
  sector?: string | null;
}

export interface Viewer {
  userId: number;
  roles: ViewerGrant[];
}
