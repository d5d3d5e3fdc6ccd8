package dev.janua;

/** The named user, organization, membership or session does not exist (code {@code not_found}, HTTP 404). */
public final class NotFoundException extends JanuaException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super("not_found", 404, message);
  }
}
