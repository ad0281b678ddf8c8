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

  // The document this page shows (document.md.j2 marks it), or "" on other pages.
  function pageDocument() {
    var marker = document.querySelector(".md-content [data-document]");
    return marker ? marker.getAttribute("data-document") : "";
  }

  function samePage(url) {
    return url.origin === location.origin && url.pathname === location.pathname;
  }

  // {slug, anchor} of a link to a clause, or null. A link to this page names a clause only on
  // a document page (elsewhere its anchors are headings of the page). A link to another page
  // with an anchor is a clause link: the library's own pages link to each other without one.
  function locate(url) {
    if (samePage(url)) {
      var slug = pageDocument();
      return slug ? { slug: slug, anchor: decodeURIComponent(url.hash.slice(1)) } : null;
    }
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    slug = url.pathname.slice(root.pathname.length).split("/")[0];
    if (!slug || slug === "index.html" || slug === "data" || slug === "assets") return null;
    return { slug: decodeURIComponent(slug), anchor: decodeURIComponent(url.hash.slice(1)) };
  }

  // The address to cite: the page as the reader sees it. In the offline copy a file:// path
  // is useless to anyone else: the document's public address is cited instead, in the same
  // form as online (data/docs/<slug>.js; "" when the copy was built without one).
  var publicPage = null; // the offline copy's public address of this page, once its data loaded

  function clauseUrl(anchor) {
    if (location.protocol === "file:") {
      if (!publicPage) return "";
      var url = new URL(publicPage);
      url.hash = anchor;
      return url.href;
    }
    var page = new URL(location.href);
    page.search = "";
    page.hash = anchor;
    return page.href;
  }

  function withUrl(text, anchor) {
    var url = clauseUrl(anchor);
    return url ? text + " " + url : text;
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
      if (clauseUrl(clause.anchor)) tools.appendChild(button("复制链接", "link", clause.anchor, name));
      var cite = button("复制引文", "citation", clause.anchor, name);
      cite.setAttribute("aria-haspopup", "menu");
      cite.setAttribute("aria-expanded", "false");
      tools.appendChild(cite);
      // Exposed for scripts and tests; they are the texts the citation menu copies.
      el.dataset.citation = withUrl(clause.citation, clause.anchor);
      el.dataset.citationFormal = withUrl(clause.formal_citation, clause.anchor);
      host.appendChild(tools);
    });
  }

  function copyAndSay(text, done) {
    copy(text).then(
      function () { announce(done); },
      function () { announce("复制失败，请手动复制地址栏中的链接"); }
    );
  }

  /* ---- the citation menu: 简短引文 / 正式引文, from the 复制引文 button ----- */

  var FORMS = [
    { form: "short", label: "简短引文", attribute: "citation", done: "已复制简短引文" },
    { form: "formal", label: "正式引文（公文用）", attribute: "citationFormal", done: "已复制正式引文" },
  ];
  var menu = document.createElement("div");
  menu.className = "clause-menu";
  menu.id = "clause-menu";
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  FORMS.forEach(function (f) {
    var item = document.createElement("button");
    item.type = "button";
    item.className = "clause-menu__item";
    item.setAttribute("role", "menuitem");
    item.tabIndex = -1;
    item.dataset.form = f.form;
    var label = document.createElement("span");
    label.textContent = f.label;
    var preview = document.createElement("small");
    item.appendChild(label);
    item.appendChild(preview);
    menu.appendChild(item);
  });
  var menuButton = null; // the 复制引文 button the open menu belongs to

  function menuItems() {
    return Array.prototype.slice.call(menu.querySelectorAll(".clause-menu__item"));
  }

  function openMenu(cite, focusIndex) {
    var clause = document.getElementById(cite.dataset.anchor);
    closeMenu(false);
    menuButton = cite;
    menu.setAttribute("aria-label", "引文格式：" + cite.getAttribute("aria-label").split("：").slice(1).join("："));
    menuItems().forEach(function (item, i) {
      item.querySelector("small").textContent = clause.dataset[FORMS[i].attribute];
    });
    cite.parentNode.appendChild(menu);
    cite.setAttribute("aria-expanded", "true");
    cite.setAttribute("aria-controls", menu.id);
    menu.hidden = false;
    // under the button, moved left as far as needed to stay on the screen
    menu.style.left = "0px";
    var box = menu.getBoundingClientRect();
    var over = box.right - (document.documentElement.clientWidth - 8);
    if (over > 0) menu.style.left = -Math.min(over, box.left - 8) + "px";
    menuItems()[focusIndex].focus();
  }

  function closeMenu(returnFocus) {
    if (!menuButton) return;
    var cite = menuButton;
    menuButton = null;
    menu.hidden = true;
    cite.setAttribute("aria-expanded", "false");
    cite.removeAttribute("aria-controls");
    if (returnFocus) cite.focus();
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest(".clause-menu__item");
    if (item && menuButton) {
      var clause = document.getElementById(menuButton.dataset.anchor);
      var f = FORMS[menuItems().indexOf(item)];
      closeMenu(true);
      copyAndSay(clause.dataset[f.attribute], f.done);
      return;
    }
    var el = event.target.closest(".clause-tools__button");
    if (!el) {
      if (!event.target.closest(".clause-menu")) closeMenu(false);
      return;
    }
    if (el.dataset.action === "citation") {
      if (menuButton === el) closeMenu(true);
      else openMenu(el, 0);
      return;
    }
    closeMenu(false);
    copyAndSay(clauseUrl(el.dataset.anchor), "已复制链接");
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("clause-tools__button") && el.dataset.action === "citation"
        && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      openMenu(el, event.key === "ArrowUp" ? FORMS.length - 1 : 0);
      return;
    }
    if (!menuButton || !menu.contains(el)) return;
    var items = menuItems();
    var i = items.indexOf(el);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      items[(i + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      items[event.key === "Home" ? 0 : items.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeMenu(true);
    } else if (event.key === "Tab") {
      closeMenu(false);
    }
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

  /* ---- a link to a clause this page does not have ---------------------- */

  var currentDoc = null; // the data of the document this page shows

  // Say so at the top, rather than open the page with no word; where data/anchors.json knows
  // the clause moved in a revision, offer its place now.
  function sayIfMissing() {
    var article = document.querySelector(".md-content article");
    var old = document.querySelector(".clause-missing");
    if (old) old.remove();
    var id = decodeURIComponent(location.hash.slice(1));
    if (!article || !currentDoc || !id || document.getElementById(id)) return;
    var note = document.createElement("div");
    note.className = "clause-missing admonition warning";
    note.setAttribute("role", "alert");
    var said = document.createElement("p");
    said.textContent = "本页没有编号为“" + id + "”的条款：链接可能有误，或条款已在修订中调整。请从目录查找。";
    note.appendChild(said);
    var title = article.querySelector("h1");
    if (title) title.after(note); else article.prepend(note);
    // a link followed within the page leaves the reader where they were: show them the note
    note.scrollIntoView({block: "center"});
    if (location.protocol === "file:") return; // browsers refuse fetch() there
    var page = decodeURIComponent(location.pathname.slice(root.pathname.length)).replace(/index\.html$/, "");
    var doc = currentDoc;
    fetch(new URL("data/anchors.json", root)).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      var now = data && data.moved && data.moved[page] && data.moved[page][id];
      var clause = now && doc.byAnchor[now];
      if (!clause || !note.isConnected) return;
      var moved = document.createElement("p");
      var link = document.createElement("a");
      link.href = "#" + now;
      link.textContent = clause.citation;
      moved.appendChild(document.createTextNode("该条款在修订后的文本中位于："));
      moved.appendChild(link);
      note.appendChild(moved);
    }).catch(function () {});
  }
  window.addEventListener("hashchange", sayIfMissing);

  /* ---- per page -------------------------------------------------------- */

  function setupPage() {
    currentDoc = null;
    hidePreview();
    markTarget();

    closeMenu(false);
    // Printed copies carry the address they were printed from (offline: the public one).
    var article = document.querySelector(".md-content article");
    if (!article) return;
    var printed = document.createElement("p");
    printed.className = "print-url";
    article.appendChild(printed);
    function showAddress() {
      var address = clauseUrl("").replace(/#$/, "");
      printed.textContent = address;
      // and at the foot of every printed page: a page margin box, which no scrolling moves
      var style = document.getElementById("print-address") || document.head.appendChild(document.createElement("style"));
      style.id = "print-address";
      style.textContent = '@page { @bottom-center { content: "' + address.replace(/[\\"]/g, "\\$&").replace(/\n/g, " ") +
        '"; font-size: 8pt; color: #444; } }';
    }
    showAddress();

    labelStackedCells(article);
    scrollableTables(article);

    var slug = pageDocument();
    if (!slug) return;
    loadDoc(slug).then(function (doc) {
      if (!doc || !document.body.contains(article)) return;
      if (location.protocol === "file:") {
        // a pinned version's page (<slug>/<date>/index.html) is cited at its own address
        var folder = location.pathname.split("/").slice(-2)[0];
        publicPage = doc.data.url ? doc.data.url + (folder === slug ? "" : folder + "/") : null;
        showAddress();
      }
      addTools(article, doc);
      currentDoc = doc;
      sayIfMissing();
    });
  }

  // On a phone a side-by-side table shows its columns one under the other (policy.css):
  // each cell then says which column (document) it belongs to.
  function labelStackedCells(article) {
    article.querySelectorAll(".stack-on-phone table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (heads[i]) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }

  // A table wider than the screen scrolls sideways: keyboard users reach it with Tab, and
  // screen readers announce it as a region.
  function scrollableTables(article) {
    article.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "表格（可左右滚动）");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  window.addEventListener("resize", function () {
    var article = document.querySelector(".md-content article");
    if (article) scrollableTables(article);
  });

  // Material emits document$ on the first load and after every instant navigation.
  if (window.document$) {
    window.document$.subscribe(setupPage);
  } else {
    setupPage();
  }
})();
