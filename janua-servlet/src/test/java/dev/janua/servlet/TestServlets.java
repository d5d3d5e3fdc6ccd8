package dev.janua.servlet;

import dev.janua.Principal;
import dev.janua.PermissionDeniedException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Servlets standing for the host application behind the filter. */
final class TestServlets {
  private TestServlets() {}

  /** Describes who the container thinks the caller is. */
  static final class WhoAmI extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      java.security.Principal user = req.getUserPrincipal();
      String text;
      if (user == null) {
        text = "anonymous";
      } else {
        Principal janua = JanuaAttributes.principal(req).orElseThrow();
        text = "name=" + user.getName() + ";type=" + user.getClass().getSimpleName()
            + ";remote=" + req.getRemoteUser() + ";auth=" + req.getAuthType()
            + ";attr=" + janua.userId()
            + ";same=" + (((JanuaUserPrincipal) user).principal() == janua);
      }
      res.setContentType("text/plain");
      res.getWriter().write(text);
    }
  }

  /** Throws what its path info names. */
  static final class Failing extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res)
        throws ServletException {
      switch (String.valueOf(req.getPathInfo())) {
        case "/denied" -> throw new PermissionDeniedException("members:create needed");
        case "/wrapped" -> throw new ServletException("wrapped",
            new PermissionDeniedException("org:read needed"));
        default -> throw new IllegalStateException("db password is hunter2");
      }
    }
  }

  /** Answers 200 "ok" or, at /empty, 204 without a body. */
  static final class Plain extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if ("/empty".equals(req.getPathInfo())) {
        res.setStatus(204);
        return;
      }
      res.setContentType("text/plain");
      res.getWriter().write("ok");
    }
  }
}
