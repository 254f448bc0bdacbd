import { pageHeader, notificationsPanel } from '../components.js';
import { replace } from '../dom.js';

/** The signed-in user's inbox. */
export async function renderNotifications(container, { refreshChrome }) {
  replace(
    container,
    pageHeader('Thông báo', 'Nhắc việc, báo quá hạn, báo cáo lên cấp trên và các quyết định về nhiệm vụ.'),
    notificationsPanel({ limit: 100, title: 'Hộp thông báo', showAllLink: false, onChange: refreshChrome }),
  );
}
