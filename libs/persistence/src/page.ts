/** A page of a list, counted from 1. */
export interface PageRequest {
  page: number;
  limit: number;
}

/** Rows to skip before the page. */
export function pageOffset(page: PageRequest): number {
  return (page.page - 1) * page.limit;
}
