/*
 * Seminar pop-ups: a generic, accessible preview for links.
 *
 * Any element with data-seminar-popup="ID" is a trigger (a real link, so it works
 * without JavaScript); the pop-up shows a copy of the element with id="ID" from
 * the same page (it may sit in a hidden container). Glossary terms and citations
 * both use it.
 *
 * WCAG 2.2 SC 1.4.13 (content on hover or focus):
 *  - opens on hover (short delay), on keyboard focus, and on a first tap;
 *  - hoverable: the pointer can move from the trigger into the pop-up;
 *  - dismissible: Escape closes it without moving the pointer or focus;
 *  - persistent: it stays until the pointer or focus leaves, or it is dismissed.
 * The trigger points to the open pop-up with aria-describedby and aria-expanded;
 * the pop-up is inserted right after its trigger, so Tab reaches its links.
 *
 * Instant-navigation safe: init() runs on every `document$` emission and only
 * binds document-level listeners once.
 */
(function () {
  "use strict";

  var OPEN_DELAY = 150;
  var CLOSE_DELAY = 300;
  var MARGIN = 8;
  var POPUP_ID = "seminar-popup";

  var popup = null;
  var current = null; // the trigger the pop-up belongs to
  var openTimer = 0;
  var closeTimer = 0;
  var hovering = false;
  var tap = null; // {trigger, wasOpen} for the tap in progress
  var refocusing = null; // the trigger that gets focus back after Escape

  function triggerOf(node) {
    if (!(node instanceof Element)) return null;
    var trigger = node.closest("[data-seminar-popup]");
    // Links inside a pop-up are plain links, never triggers themselves.
    if (!trigger || trigger.closest(".seminar-popup")) return null;
    return trigger;
  }

  function inside(node) {
    return node instanceof Node && (
      (popup && popup.contains(node)) || (current && current.contains(node)));
  }

  function build() {
    var element = document.createElement("div");
    element.id = POPUP_ID;
    element.className = "seminar-popup md-typeset";
    element.hidden = true;
    element.addEventListener("mouseenter", function () {
      hovering = true;
      clearTimeout(closeTimer);
    });
    element.addEventListener("mouseleave", function () {
      hovering = false;
      scheduleClose();
    });
    return element;
  }

  function fill(trigger) {
    var source = document.getElementById(trigger.getAttribute("data-seminar-popup"));
    if (!source) return false;
    popup.innerHTML = source.innerHTML;
    // The copy must not repeat ids of the page.
    Array.prototype.forEach.call(popup.querySelectorAll("[id]"), function (node) {
      node.removeAttribute("id");
    });
    return true;
  }

  function place() {
    if (!popup || !current || popup.hidden) return;
    var viewport = document.documentElement.clientWidth || window.innerWidth;
    var height = window.innerHeight;
    var width = Math.min(416, viewport - 2 * MARGIN);
    popup.style.width = width + "px";
    popup.style.maxHeight = "";
    var anchor = current.getBoundingClientRect();
    var left = Math.max(MARGIN, Math.min(anchor.left, viewport - width - MARGIN));
    var below = height - anchor.bottom - MARGIN;
    var above = anchor.top - MARGIN;
    var natural = popup.offsetHeight;
    var top;
    if (natural + 4 <= below || below >= above) {
      top = anchor.bottom + 4;
      popup.style.maxHeight = Math.max(below - 4, 80) + "px";
    } else {
      var room = Math.max(above - 4, 80);
      popup.style.maxHeight = room + "px";
      top = anchor.top - 4 - Math.min(natural, room);
    }
    popup.style.left = left + "px";
    popup.style.top = Math.max(MARGIN, top) + "px";
  }

  function open(trigger) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current === trigger && !popup.hidden) return;
    close();
    if (!popup) popup = build();
    current = trigger;
    if (!fill(trigger)) {
      current = null;
      return;
    }
    trigger.insertAdjacentElement("afterend", popup);
    popup.hidden = false;
    trigger.setAttribute("aria-describedby", POPUP_ID);
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", POPUP_ID);
    place();
  }

  function close() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    if (current) {
      current.removeAttribute("aria-describedby");
      current.setAttribute("aria-expanded", "false");
    }
    if (popup) {
      popup.hidden = true;
      popup.innerHTML = "";
    }
    current = null;
    hovering = false;
  }

  function scheduleOpen(trigger) {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    openTimer = setTimeout(function () { open(trigger); }, OPEN_DELAY);
  }

  function scheduleClose() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      var focused = document.activeElement;
      if (!hovering && !inside(focused)) close();
    }, CLOSE_DELAY);
  }

  function onPointerOver(event) {
    if (event.pointerType !== "mouse") return;
    var trigger = triggerOf(event.target);
    if (trigger && trigger !== current) {
      hovering = true;
      scheduleOpen(trigger);
    } else if (trigger) {
      hovering = true;
      clearTimeout(closeTimer);
    }
  }

  function onPointerOut(event) {
    if (event.pointerType !== "mouse") return;
    var trigger = triggerOf(event.target);
    if (!trigger || trigger.contains(event.relatedTarget)) return;
    hovering = false;
    if (trigger === current) scheduleClose();
    else clearTimeout(openTimer);
  }

  function onPointerDown(event) {
    var trigger = triggerOf(event.target);
    if (trigger && event.pointerType !== "mouse") {
      tap = { trigger: trigger, wasOpen: current === trigger };
    } else {
      tap = null;
    }
    // An outside tap or click closes the pop-up.
    if (current && !inside(event.target)) close();
  }

  function onClick(event) {
    var trigger = triggerOf(event.target);
    if (!trigger || !tap || tap.trigger !== trigger) return;
    var wasOpen = tap.wasOpen;
    tap = null;
    if (wasOpen) return; // the second tap follows the link
    event.preventDefault();
    event.stopPropagation();
    open(trigger);
  }

  function onFocusIn(event) {
    var trigger = triggerOf(event.target);
    if (trigger && trigger === refocusing) {
      refocusing = null; // focus returned after Escape: stay closed
      return;
    }
    if (trigger) open(trigger);
    else if (current && !inside(event.target)) close();
  }

  function onFocusOut(event) {
    if (!current) return;
    var next = event.relatedTarget;
    if (next && inside(next)) return;
    if (!next && hovering) return; // focus left to nowhere while the pointer is on it
    setTimeout(function () {
      if (current && !inside(document.activeElement) && !hovering) close();
    }, 0);
  }

  function onKeyDown(event) {
    if (event.key !== "Escape" || !current) return;
    var trigger = current;
    var focusWasInside = popup.contains(document.activeElement);
    close();
    if (focusWasInside) {
      refocusing = trigger;
      trigger.focus({ preventScroll: true });
      refocusing = null;
    }
    event.stopPropagation();
  }

  function bindOnce() {
    if (window.__seminarPopupBound) return;
    window.__seminarPopupBound = true;
    document.addEventListener("pointerover", onPointerOver);
    document.addEventListener("pointerout", onPointerOut);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("click", onClick, true);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    document.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, { passive: true, capture: true });
  }

  function init() {
    bindOnce();
    // A new page (instant navigation): forget the old page's pop-up.
    if (current && !document.contains(current)) {
      current = null;
      popup = null;
    } else if (popup && !document.contains(popup)) {
      popup = null;
    }
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-seminar-popup]"),
      function (trigger) {
        if (trigger.closest(".seminar-popup") || trigger.hasAttribute("aria-expanded")) return;
        trigger.setAttribute("aria-expanded", "false");
      });
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
