/* test-notifications.c — the dashboard's desktop notifications, as the
 * desktop receives them
 *
 * A small stand-in for the desktop shell owns `org.gtk.Notifications` on
 * the test's private session bus (GLib then picks its GTK backend) and
 * records every AddNotification. The real window opens the demo; the
 * store's notified_events table is then made to forget two events, so
 * the next real sync finds them new, as if the server had just brought
 * them. Expected texts are the French of po/fr.po, written out here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "izp-dashboard-page.h"
#include "izp-store.h"
#include "izp-ui-test.h"
#include "izp-window.h"

static IzpApplication *app;
static GDBusConnection *shell_bus;
static GPtrArray *received;            /* of GVariant (ss@a{sv}) */

static const char shell_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
on_shell_call (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  if (g_strcmp0 (method_name, "AddNotification") == 0)
    g_ptr_array_add (received, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable shell_vtable = { on_shell_call, NULL, NULL, { 0 } };

/* Before the application registers: GLib asks once whether the name has
 * an owner when it picks its notification backend. */
static void
start_shell (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (shell_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  guint32 result;

  g_assert_no_error (error);
  received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  /* A connection of its own, as the shell is another process. */
  shell_bus = g_dbus_connection_new_for_address_sync (address,
                                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                      NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (shell_bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &shell_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (shell_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */);
}

static sqlite3 *
open_store (IzpWindow *window)
{
  IzpStore *store = izp_session_get_store (izp_window_get_session (window));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (izp_store_get_path (store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* The first column of the first row of @sql, with @arg (if any) as ?1. */
static char *
query_text (sqlite3    *db,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
forget_key (sqlite3    *db,
            const char *key)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "DELETE FROM notified_events WHERE key = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
}

typedef struct
{
  sqlite3    *db;
  const char *key;
} Remembered;

static gboolean
is_remembered (gpointer data)
{
  Remembered *r = data;
  g_autofree char *found = query_text (r->db, "SELECT key FROM notified_events WHERE key = ?1", r->key);

  return found != NULL;
}

static gboolean
dashboard_has_commissions (gpointer window)
{
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);

  return izp_dashboard_page_has_commissions (IZP_DASHBOARD_PAGE (page));
}

static guint expected_count;

static gboolean
has_expected_count (gpointer data)
{
  return received->len >= expected_count;
}

/* Runs the main loop a while, so that a notification sent too many would
 * have reached the shell. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A real sync, then the dashboard's reading of it. */
static void
sync_and_wait (IzpWindow  *window,
               sqlite3    *db,
               const char *last_key)
{
  Remembered remembered = { db, last_key };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 60));
  g_assert_true (izp_ui_test_wait_until (dashboard_has_commissions, window, 30));
  /* The events are remembered just before they are sent. */
  g_assert_true (izp_ui_test_wait_until (is_remembered, &remembered, 30));
  settle ();
}

/* Makes the store forget two notified events, so that the next sync finds
 * them new, syncs, and checks that @n_expected notifications came in all. */
static void
bring_back (IzpWindow  *window,
            sqlite3    *db,
            const char *key1,
            const char *key2,
            guint       n_expected)
{
  forget_key (db, key1);
  forget_key (db, key2);
  expected_count = n_expected;
  /* Both are remembered in one transaction. */
  sync_and_wait (window, db, key2);
  g_assert_true (izp_ui_test_wait_until (has_expected_count, NULL, 10));
  settle ();
  g_assert_cmpuint (received->len, ==, n_expected);
}

static void
assert_notification (guint       index,
                     const char *id,
                     const char *title,
                     const char *body)
{
  GVariant *call = received->pdata[index];
  const char *app_id, *got_id, *got_title = NULL, *got_body = NULL;
  g_autoptr(GVariant) notification = NULL;

  g_variant_get (call, "(&s&s@a{sv})", &app_id, &got_id, &notification);
  g_assert_cmpstr (app_id, ==, g_application_get_application_id (G_APPLICATION (app)));
  g_assert_cmpstr (got_id, ==, id);
  g_assert_true (g_variant_lookup (notification, "title", "&s", &got_title));
  g_assert_true (g_variant_lookup (notification, "body", "&s", &got_body));
  g_assert_cmpstr (got_title, ==, title);
  g_assert_cmpstr (got_body, ==, body);
}

/* Index in @received of the notification with @id, or -1. */
static int
find_notification (guint       from,
                   const char *id)
{
  for (guint i = from; i < received->len; i++)
    {
      const char *got_id;

      g_variant_get_child (received->pdata[i], 1, "&s", &got_id);
      if (g_strcmp0 (got_id, id) == 0)
        return (int) i;
    }
  return -1;
}

static void
test_notifications (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  Remembered baseline;
  g_autofree char *client_key = NULL;
  g_autofree char *company = NULL;
  g_autofree char *payout_key = NULL;
  g_autofree char *client_body = NULL;
  g_autofree char *payout_body = NULL;
  sqlite3 *db;
  int client_at, payout_at;

  g_assert_true (g_settings_get_boolean (settings, "notify-client-activated"));
  g_assert_true (g_settings_get_boolean (settings, "notify-payout-paid"));

  /* The first look remembers what is there and sends nothing. */
  izp_ui_test_open_demo (window);
  g_assert_true (izp_ui_test_wait_until (dashboard_has_commissions, window, 30));
  db = open_store (window);
  baseline = (Remembered) { db, "baseline" };
  g_assert_true (izp_ui_test_wait_until (is_remembered, &baseline, 30));
  settle ();
  g_assert_cmpuint (received->len, ==, 0);

  /* The demo has activated clients and paid payouts; two of them are
   * forgotten, so the next sync brings them as new. */
  client_key = query_text (db, "SELECT key FROM notified_events WHERE key LIKE 'client-activated:%' "
                               "ORDER BY key LIMIT 1", NULL);
  payout_key = query_text (db, "SELECT key FROM notified_events WHERE key LIKE 'payout-paid:%' "
                               "ORDER BY key LIMIT 1", NULL);
  g_assert_nonnull (client_key);
  g_assert_nonnull (payout_key);
  company = query_text (db, "SELECT company FROM clients WHERE id = ?1",
                        client_key + strlen ("client-activated:"));
  g_assert_nonnull (company);
  client_body = g_strdup_printf ("%s est désormais client IzyInbox.", company);
  payout_body = g_strdup_printf ("La commission de %s a été versée.", payout_key + strlen ("payout-paid:"));

  bring_back (window, db, client_key, payout_key, 2);
  client_at = find_notification (0, client_key);
  payout_at = find_notification (0, payout_key);
  g_assert_cmpint (client_at, >=, 0);
  g_assert_cmpint (payout_at, >=, 0);
  assert_notification (client_at, client_key, "Nouveau client activé", client_body);
  assert_notification (payout_at, payout_key, "Versement payé", payout_body);

  /* The switch off: the same two events new again, only the payout comes. */
  g_settings_set_boolean (settings, "notify-client-activated", FALSE);
  bring_back (window, db, client_key, payout_key, 3);
  g_assert_cmpint (find_notification (2, client_key), ==, -1);
  assert_notification (2, payout_key, "Versement payé", payout_body);

  /* Every kind switched on again, a sync with nothing new sends nothing. */
  g_settings_reset (settings, "notify-client-activated");
  sync_and_wait (window, db, "baseline");
  settle ();
  settle ();
  g_assert_cmpuint (received->len, ==, 3);

  sqlite3_close (db);
  izp_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  start_shell ();
  app = izp_ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/notifications/once-per-event-and-switches", test_notifications);
  status = g_test_run ();
  g_clear_object (&app);
  g_clear_pointer (&received, g_ptr_array_unref);
  g_clear_object (&shell_bus);
  return status;
}
