/*
 * Clause tools for the policy site: copy link / copy citation on every clause,
 * highlight of the clause named in the URL, preview of clauses other links point to,
 * page URL for print.
 *
 * Clause data (citation text, clause text) comes from data/docs/<slug>.json, which the
 * builder writes next to the pages. From file:// (offline copy) browsers refuse fetch(),
 * so there the same data is loaded as data/docs/<slug>.js, which calls
 * window.__policyClauses(data).
 */
(function () {
  "use strict";

  // Site root, resolved once: with instant navigation the #__config script is not
  // replaced, so its relative "base" is only right for the page that loaded first.
  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), location.href);

  // slug -> Promise of the document's data (clauses indexed by anchor), or null
  var docs = {};
  var scriptWaiters = {};

  window.__policyClauses = function (data) {
    var resolve = scriptWaiters[data.slug];
    delete scriptWaiters[data.slug];
    if (resolve) resolve(data);
  };

  function loadDoc(slug) {
    if (!docs[slug]) {
      var url = new URL("data/docs/" + encodeURIComponent(slug), root);
      var loaded = location.protocol === "file:"
        ? new Promise(function (resolve, reject) {
            scriptWaiters[slug] = resolve;
            var script = document.createElement("script");
            script.src = url + ".js";
            script.onerror = reject;
            document.head.appendChild(script);
          })
        : fetch(url + ".json").then(function (response) {
            if (!response.ok) throw new Error(response.status + " " + url);
            return response.json();
          });
      docs[slug] = loaded.then(function (data) {
        var byAnchor = {};
        var children = {}; // anchor -> clauses directly under it, in reading order
        data.clauses.forEach(function (clause) {
          byAnchor[clause.anchor] = clause;
          (children[clause.parent] = children[clause.parent] || []).push(clause);
        });
        return { data: data, byAnchor: byAnchor, children: children };
      }).catch(function () {
        delete docs[slug]; // let a later attempt retry
        return null;
      });
    }
    return docs[slug];
  }

  // {slug, anchor} of a URL inside this site, or null (other sites, assets, the root)
  function locate(url) {
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var slug = url.pathname.slice(root.pathname.length).split("/")[0];
    if (!slug || slug === "index.html" || slug === "data" || slug === "assets") return null;
    return { slug: decodeURIComponent(slug), anchor: decodeURIComponent(url.hash.slice(1)) };
  }

  // The address to cite: the page as the reader sees it, except in an offline copy,
  // where a file:// path is useless to anyone else and the canonical address is used.
  function clauseUrl(anchor) {
    var page = new URL(location.href);
    var canonical = document.querySelector("link[rel=canonical]");
    if (page.protocol === "file:" && canonical) page = new URL(canonical.href);
    page.search = "";
    page.hash = anchor;
    return page.href;
  }

  /* ---- confirmation ---------------------------------------------------- */

  var status = document.createElement("div");
  status.className = "clause-announce";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);
  var statusTimer;

  function announce(message) {
    status.textContent = message;
    status.classList.add("clause-announce--visible");
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () {
      status.classList.remove("clause-announce--visible");
      status.textContent = "";
    }, 2500);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on an intranet is not a secure context: no Clipboard API there.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "clause-copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  /* ---- copy buttons ---------------------------------------------------- */

  function button(label, action, anchor, title) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "clause-tools__button";
    el.dataset.action = action;
    el.dataset.anchor = anchor;
    el.textContent = label;
    el.setAttribute("aria-label", label + "：" + title);
    return el;
  }

  function addTools(article, doc) {
    article.querySelectorAll("[id]").forEach(function (el) {
      var clause = doc.byAnchor[el.id];
      // a table row's tools go into its last cell: a row holds nothing but cells
      var host = el.tagName === "TR" ? el.lastElementChild : el;
      if (!clause || !host || host.querySelector(":scope > .clause-tools")) return;
      var name = (clause.number + clause.title).trim() || clause.anchor;
      var tools = document.createElement("span");
      tools.className = "clause-tools";
      tools.appendChild(button("复制链接", "link", clause.anchor, name));
      tools.appendChild(button("复制引文", "citation", clause.anchor, name));
      // Exposed for scripts and tests; it is the text the citation button copies.
      el.dataset.citation = clause.citation + " " + clauseUrl(clause.anchor);
      host.appendChild(tools);
    });
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest(".clause-tools__button");
    if (!el) return;
    var url = clauseUrl(el.dataset.anchor);
    var target = document.getElementById(el.dataset.anchor);
    var isLink = el.dataset.action === "link";
    copy(isLink ? url : target.dataset.citation).then(
      function () { announce(isLink ? "已复制链接" : "已复制引文"); },
      function () { announce("复制失败，请手动复制地址栏中的链接"); }
    );
  });

  /* ---- highlight of the clause in the URL ------------------------------ */

  // :target does not follow history.pushState (instant navigation), so the class
  // is set by hand as well; the CSS styles both.
  function markTarget() {
    document.querySelectorAll(".clause--target").forEach(function (el) {
      el.classList.remove("clause--target");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el) el.classList.add("clause--target");
  }
  window.addEventListener("hashchange", markTarget);
  window.addEventListener("popstate", markTarget);

  /* ---- preview of linked clauses --------------------------------------- */

  var tooltip = document.createElement("div");
  tooltip.id = "clause-preview";
  tooltip.className = "clause-preview";
  tooltip.setAttribute("role", "tooltip");
  tooltip.hidden = true;
  document.body.appendChild(tooltip);
  var previewFor = null; // the link the tooltip currently describes

  function previewLink(event) {
    var link = event.target.closest && event.target.closest(".md-content a[href*='#']");
    if (!link || link.closest(".clause-tools") || link.classList.contains("headerlink")) return;
    var where = locate(new URL(link.href));
    if (!where || !where.anchor || link === previewFor) return;
    previewFor = link;
    loadDoc(where.slug).then(function (doc) {
      var clause = doc && doc.byAnchor[where.anchor];
      if (previewFor !== link || !clause) return;
      tooltip.textContent = "";
      var head = document.createElement("strong");
      head.textContent = clause.citation;
      // A heading's own text is often just its title; what it says is in the clauses under it.
      var text = [clause].concat(doc.children[clause.anchor] || []).map(function (c) {
        return c.number + c.text;
      }).join(" ");
      var body = document.createElement("span");
      body.textContent = text.length > 240 ? text.slice(0, 240) + "…" : text;
      tooltip.appendChild(head);
      tooltip.appendChild(body);
      var box = link.getBoundingClientRect();
      tooltip.style.left = Math.max(8, Math.min(box.left, innerWidth - 368)) + scrollX + "px";
      tooltip.style.top = box.bottom + scrollY + 6 + "px";
      tooltip.hidden = false;
      link.setAttribute("aria-describedby", tooltip.id);
    });
  }

  function hidePreview() {
    if (!previewFor) return;
    previewFor.removeAttribute("aria-describedby");
    previewFor = null;
    tooltip.hidden = true;
  }

  document.addEventListener("mouseover", previewLink);
  document.addEventListener("focusin", previewLink);
  document.addEventListener("mouseout", function (event) {
    if (previewFor && !previewFor.contains(event.relatedTarget)) hidePreview();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === previewFor) hidePreview();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hidePreview();
  });

  /* ---- per page -------------------------------------------------------- */

  function setupPage() {
    hidePreview();
    markTarget();

    // Printed copies carry the address they were printed from.
    var article = document.querySelector(".md-content article");
    if (!article) return;
    var printed = document.createElement("p");
    printed.className = "print-url";
    printed.textContent = clauseUrl("").replace(/#$/, "");
    article.appendChild(printed);

    var here = locate(new URL(location.href));
    if (!here) return;
    loadDoc(here.slug).then(function (doc) {
      if (doc && document.body.contains(article)) addTools(article, doc);
    });
  }

  // Material emits document$ on the first load and after every instant navigation.
  if (window.document$) {
    window.document$.subscribe(setupPage);
  } else {
    setupPage();
  }
})();
