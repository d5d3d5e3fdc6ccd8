package dev.janua;

/**
 * The caller is authenticated but not allowed to do this (code {@code permission_denied}, HTTP 403).
 */
public final class PermissionDeniedException extends JanuaException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    super("permission_denied", 403, message);
  }
}
