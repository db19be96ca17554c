/* izp-welcome-page.c — first run: sign in, or explore the demo
 *
 * The page only collects what the user typed and says what went wrong; the
 * window does the signing in (signals "sign-in" and "explore-demo").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "izp-api-client.h"
#include "izp-welcome-page.h"

struct _IzpWelcomePage
{
  AdwBin          parent_instance;

  gboolean        busy;

  AdwEntryRow    *email_row;
  AdwEntryRow    *password_row;
  AdwExpanderRow *server_expander;
  AdwEntryRow    *server_row;
  GtkLabel       *error_label;
  GtkStack       *sign_in_stack;
  GtkSpinner     *sign_in_spinner;
};

G_DEFINE_FINAL_TYPE (IzpWelcomePage, izp_welcome_page, ADW_TYPE_BIN)

enum {
  SIGN_IN,
  EXPLORE_DEMO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Enough to catch a typo before asking the server: something@something.tld */
static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && strchr (at + 1, '.') != NULL &&
         strchr (at + 1, '@') == NULL && strchr (text, ' ') == NULL &&
         text[strlen (text) - 1] != '.';
}

static gboolean
form_is_complete (IzpWelcomePage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));

  return looks_like_email (email) && *password != '\0' && *server != '\0';
}

static void
update_actions (IzpWelcomePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.sign-in",
                                 !self->busy && form_is_complete (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.explore-demo", !self->busy);
}

static void
on_form_changed (IzpWelcomePage *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  adw_expander_row_set_subtitle (self->server_expander,
                                 gtk_editable_get_text (GTK_EDITABLE (self->server_row)));

  /* Flag a malformed address at the field, once something was typed. */
  if (*email != '\0' && !looks_like_email (email))
    gtk_widget_add_css_class (GTK_WIDGET (self->email_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");

  update_actions (self);
}

static void
sign_in (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  IzpWelcomePage *self = IZP_WELCOME_PAGE (widget);
  g_autofree char *server = izp_api_normalize_server_url (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
  g_autofree char *email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));

  if (self->busy || !form_is_complete (self))
    return;

  izp_welcome_page_set_error (self, NULL);
  g_signal_emit (self, signals[SIGN_IN], 0, server, email,
                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
on_entry_activated (IzpWelcomePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "welcome.sign-in", NULL);
}

static void
explore_demo (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpWelcomePage *self = IZP_WELCOME_PAGE (widget);

  izp_welcome_page_set_error (self, NULL);
  g_signal_emit (self, signals[EXPLORE_DEMO], 0);
}

/**
 * izp_welcome_page_set_busy:
 *
 * While a sign-in runs, the form is locked and the button spins.
 */
void
izp_welcome_page_set_busy (IzpWelcomePage *self,
                           gboolean        busy)
{
  g_return_if_fail (IZP_IS_WELCOME_PAGE (self));

  self->busy = busy;
  gtk_stack_set_visible_child_name (self->sign_in_stack, busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->sign_in_spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_expander), !busy);
  update_actions (self);
}

/**
 * izp_welcome_page_set_error:
 * @message: (nullable): what went wrong, in the user's words, or %NULL
 *
 * Shows the message under the form.
 */
void
izp_welcome_page_set_error (IzpWelcomePage *self,
                            const char     *message)
{
  g_return_if_fail (IZP_IS_WELCOME_PAGE (self));

  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
izp_welcome_page_get_error (IzpWelcomePage *self)
{
  g_return_val_if_fail (IZP_IS_WELCOME_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

static void
izp_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (izp_welcome_page_parent_class)->dispose (object);
}

static void
izp_welcome_page_class_init (IzpWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_welcome_page_dispose;

  /**
   * IzpWelcomePage::sign-in:
   * @server: the Partner API's address
   * @email: the account's e-mail address
   * @password: the password, to be used once and forgotten
   */
  signals[SIGN_IN] =
    g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[EXPLORE_DEMO] =
    g_signal_new ("explore-demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, server_expander);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, sign_in_stack);
  gtk_widget_class_bind_template_child (widget_class, IzpWelcomePage, sign_in_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "welcome.sign-in", NULL, sign_in);
  gtk_widget_class_install_action (widget_class, "welcome.explore-demo", NULL, explore_demo);
}

static void
izp_welcome_page_init (IzpWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
